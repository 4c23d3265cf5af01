from enum import StrEnum

class ListAccountsFieldsItem(StrEnum):
    ACCOUNT_TYPE = "account_type"
    ACCOUNT_TYPE_ID = "account_type.id"
    ACCOUNT_TYPE_NAME = "account_type.name"
    ACTIVE = "active"
    CODE = "code"
    CREATED_AT = "created_at"
    CUSTOM_FIELDS = "custom_fields"
    ID = "id"
    NAME = "name"
    SEGMENTS = "segments"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
