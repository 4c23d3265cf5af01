from enum import StrEnum

class ListItemsFieldsItem(StrEnum):
    ACTIVE = "active"
    COMMODITY = "commodity"
    COMMODITY_ID = "commodity.id"
    COMMODITY_NAME = "commodity.name"
    CREATED_AT = "created_at"
    CUSTOM_FIELDS = "custom_fields"
    DESCRIPTION = "description"
    ID = "id"
    ITEM_TYPE = "item_type"
    MANUFACTURER_NAME = "manufacturer_name"
    MANUFACTURER_PART_NUMBER = "manufacturer_part_number"
    NAME = "name"
    NUMBER = "number"
    UOM = "uom"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
