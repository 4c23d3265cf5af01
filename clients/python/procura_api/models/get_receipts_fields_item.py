from enum import StrEnum

class GetReceiptsFieldsItem(StrEnum):
    ACCOUNT = "account"
    ACCOUNT_CODE = "account.code"
    ACCOUNT_ID = "account.id"
    ACCOUNT_NAME = "account.name"
    BARCODE = "barcode"
    COMMENTS = "comments"
    CREATED_AT = "created_at"
    CURRENCY = "currency"
    CUSTOM_FIELDS = "custom_fields"
    EXPORTED = "exported"
    ID = "id"
    ITEM = "item"
    ITEM_ID = "item.id"
    ITEM_NAME = "item.name"
    ITEM_NUMBER = "item.number"
    PRICE = "price"
    PURCHASE_ORDER_LINE = "purchase_order_line"
    PURCHASE_ORDER_LINE_ID = "purchase_order_line.id"
    PURCHASE_ORDER_LINE_LINE_NUMBER = "purchase_order_line.line_number"
    PURCHASE_ORDER_LINE_PURCHASE_ORDER_NUMBER = "purchase_order_line.purchase_order_number"
    QUANTITY = "quantity"
    STATUS = "status"
    TOTAL = "total"
    TRANSACTION_DATE = "transaction_date"
    TYPE = "type"
    UOM = "uom"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
