from enum import StrEnum

class SubscriptionOrigin(StrEnum):
    CONFIG = "config"
    RUNTIME = "runtime"

    def __str__(self) -> str:
        return str(self.value)
