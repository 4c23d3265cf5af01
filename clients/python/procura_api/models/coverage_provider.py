from enum import StrEnum

class CoverageProvider(StrEnum):
    COUPA = "coupa"
    ORACLE_FUSION = "oracle_fusion"

    def __str__(self) -> str:
        return str(self.value)
