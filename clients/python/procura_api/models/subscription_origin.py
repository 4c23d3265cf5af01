from enum import StrEnum

class SubscriptionOrigin(StrEnum):
    API = "api"
    CONFIG = "config"

    def __str__(self) -> str:
        return str(self.value)
