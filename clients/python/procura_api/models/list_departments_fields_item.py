from enum import StrEnum

class ListDepartmentsFieldsItem(StrEnum):
    ACTIVE = "active"
    CREATED_AT = "created_at"
    CUSTOM_FIELDS = "custom_fields"
    ID = "id"
    NAME = "name"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
