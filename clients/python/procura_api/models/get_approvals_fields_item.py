from enum import StrEnum

class GetApprovalsFieldsItem(StrEnum):
    APPROVABLE_ID = "approvable_id"
    APPROVABLE_TYPE = "approvable_type"
    APPROVAL_DATE = "approval_date"
    APPROVER = "approver"
    APPROVER_EMAIL = "approver.email"
    APPROVER_ID = "approver.id"
    APPROVER_NAME = "approver.name"
    CREATED_AT = "created_at"
    CUSTOM_FIELDS = "custom_fields"
    ID = "id"
    NOTE = "note"
    POSITION = "position"
    STATUS = "status"
    TYPE = "type"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
