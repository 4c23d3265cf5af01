from enum import StrEnum

class AdminSaveOverrideResourceName(StrEnum):
    ACCOUNTS = "accounts"
    APPROVALS = "approvals"
    CONTRACTS = "contracts"
    DEPARTMENTS = "departments"
    EXCHANGE_RATES = "exchange_rates"
    EXPENSE_REPORTS = "expense_reports"
    INVOICES = "invoices"
    ITEMS = "items"
    PURCHASE_ORDERS = "purchase_orders"
    PURCHASE_ORDER_LINES = "purchase_order_lines"
    RECEIPTS = "receipts"
    REQUISITIONS = "requisitions"
    SUPPLIERS = "suppliers"
    USERS = "users"

    def __str__(self) -> str:
        return str(self.value)
