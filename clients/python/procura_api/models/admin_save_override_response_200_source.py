from enum import StrEnum

class AdminSaveOverrideResponse200Source(StrEnum):
    FILE = "file"
    NONE = "none"
    STUDIO = "studio"

    def __str__(self) -> str:
        return str(self.value)
