from enum import StrEnum

class ListExchangeRatesFieldsItem(StrEnum):
    CREATED_AT = "created_at"
    CUSTOM_FIELDS = "custom_fields"
    FROM_CURRENCY = "from_currency"
    ID = "id"
    RATE = "rate"
    RATE_DATE = "rate_date"
    TO_CURRENCY = "to_currency"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
