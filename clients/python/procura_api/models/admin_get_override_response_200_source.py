from enum import StrEnum

class AdminGetOverrideResponse200Source(StrEnum):
    FILE = "file"
    NONE = "none"
    STUDIO = "studio"

    def __str__(self) -> str:
        return str(self.value)
