from enum import StrEnum

class ListUsersFieldsItem(StrEnum):
    ACTIVE = "active"
    CREATED_AT = "created_at"
    CUSTOM_FIELDS = "custom_fields"
    DEFAULT_CURRENCY = "default_currency"
    DEPARTMENT = "department"
    DEPARTMENT_ID = "department.id"
    DEPARTMENT_NAME = "department.name"
    EMAIL = "email"
    EMPLOYEE_NUMBER = "employee_number"
    FIRST_NAME = "first_name"
    FULL_NAME = "full_name"
    ID = "id"
    LAST_NAME = "last_name"
    LOGIN = "login"
    MANAGER = "manager"
    MANAGER_EMAIL = "manager.email"
    MANAGER_ID = "manager.id"
    MANAGER_NAME = "manager.name"
    ROLES = "roles"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
