from enum import StrEnum

class TenantStatusAuthState(StrEnum):
    NEEDS_REAUTH = "needs_reauth"
    OK = "ok"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
