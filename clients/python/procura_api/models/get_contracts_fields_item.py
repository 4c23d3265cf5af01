from enum import StrEnum

class GetContractsFieldsItem(StrEnum):
    CREATED_AT = "created_at"
    CURRENCY = "currency"
    CUSTOM_FIELDS = "custom_fields"
    DEPARTMENT = "department"
    DEPARTMENT_ID = "department.id"
    DEPARTMENT_NAME = "department.name"
    DESCRIPTION = "description"
    END_DATE = "end_date"
    ID = "id"
    MAX_VALUE = "max_value"
    MIN_VALUE = "min_value"
    NAME = "name"
    NUMBER = "number"
    OWNER = "owner"
    OWNER_EMAIL = "owner.email"
    OWNER_ID = "owner.id"
    OWNER_NAME = "owner.name"
    PAYMENT_TERM = "payment_term"
    PAYMENT_TERM_CODE = "payment_term.code"
    PAYMENT_TERM_ID = "payment_term.id"
    START_DATE = "start_date"
    STATUS = "status"
    SUPPLIER = "supplier"
    SUPPLIER_ID = "supplier.id"
    SUPPLIER_NAME = "supplier.name"
    SUPPLIER_NUMBER = "supplier.number"
    TYPE = "type"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
