from enum import StrEnum

class TenantCreateProvider(StrEnum):
    COUPA = "coupa"
    ORACLE_FUSION = "oracle_fusion"

    def __str__(self) -> str:
        return str(self.value)
