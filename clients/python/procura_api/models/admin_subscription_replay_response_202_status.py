from enum import StrEnum

class AdminSubscriptionReplayResponse202Status(StrEnum):
    REPLAYING = "replaying"

    def __str__(self) -> str:
        return str(self.value)
