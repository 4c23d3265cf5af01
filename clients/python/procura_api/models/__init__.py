""" Contains all the data models used in inputs/outputs """

from .account import Account
from .account_custom_fields import AccountCustomFields
from .account_list import AccountList
from .account_ref import AccountRef
from .account_remote_data import AccountRemoteData
from .address import Address
from .admin_get_override_resource_name import AdminGetOverrideResourceName
from .admin_get_override_response_200 import AdminGetOverrideResponse200
from .admin_get_override_response_200_source import AdminGetOverrideResponse200Source
from .admin_get_override_response_200_versions_item import AdminGetOverrideResponse200VersionsItem
from .admin_reload_response_200 import AdminReloadResponse200
from .admin_restore_override_body import AdminRestoreOverrideBody
from .admin_restore_override_resource_name import AdminRestoreOverrideResourceName
from .admin_restore_override_response_200 import AdminRestoreOverrideResponse200
from .admin_restore_override_response_200_source import AdminRestoreOverrideResponse200Source
from .admin_restore_override_response_200_versions_item import AdminRestoreOverrideResponse200VersionsItem
from .admin_save_override_resource_name import AdminSaveOverrideResourceName
from .admin_save_override_response_200 import AdminSaveOverrideResponse200
from .admin_save_override_response_200_source import AdminSaveOverrideResponse200Source
from .admin_save_override_response_200_versions_item import AdminSaveOverrideResponse200VersionsItem
from .admin_subscription_deliveries_response_200 import AdminSubscriptionDeliveriesResponse200
from .admin_subscription_replay_response_202 import AdminSubscriptionReplayResponse202
from .admin_subscription_replay_response_202_status import AdminSubscriptionReplayResponse202Status
from .admin_subscriptions_response_200 import AdminSubscriptionsResponse200
from .admin_tenants_response_200 import AdminTenantsResponse200
from .admin_tenants_response_200_last_reload_type_0 import AdminTenantsResponse200LastReloadType0
from .approval import Approval
from .approval_custom_fields import ApprovalCustomFields
from .approval_list import ApprovalList
from .approval_remote_data import ApprovalRemoteData
from .contact import Contact
from .contract import Contract
from .contract_custom_fields import ContractCustomFields
from .contract_list import ContractList
from .contract_remote_data import ContractRemoteData
from .contract_write import ContractWrite
from .contract_write_owner import ContractWriteOwner
from .contract_write_supplier import ContractWriteSupplier
from .coverage import Coverage
from .coverage_provider import CoverageProvider
from .coverage_resources_item import CoverageResourcesItem
from .delivery_attempt import DeliveryAttempt
from .department import Department
from .department_custom_fields import DepartmentCustomFields
from .department_list import DepartmentList
from .department_remote_data import DepartmentRemoteData
from .exchange_rate import ExchangeRate
from .exchange_rate_custom_fields import ExchangeRateCustomFields
from .exchange_rate_list import ExchangeRateList
from .exchange_rate_remote_data import ExchangeRateRemoteData
from .expense_line import ExpenseLine
from .expense_report import ExpenseReport
from .expense_report_custom_fields import ExpenseReportCustomFields
from .expense_report_list import ExpenseReportList
from .expense_report_remote_data import ExpenseReportRemoteData
from .expense_report_write import ExpenseReportWrite
from .expense_report_write_expensed_by import ExpenseReportWriteExpensedBy
from .expense_report_write_lines_item import ExpenseReportWriteLinesItem
from .expense_report_write_lines_item_account import ExpenseReportWriteLinesItemAccount
from .field_error import FieldError
from .get_accounts_fields_item import GetAccountsFieldsItem
from .get_approvals_fields_item import GetApprovalsFieldsItem
from .get_contracts_fields_item import GetContractsFieldsItem
from .get_departments_fields_item import GetDepartmentsFieldsItem
from .get_exchange_rates_fields_item import GetExchangeRatesFieldsItem
from .get_expense_reports_fields_item import GetExpenseReportsFieldsItem
from .get_invoices_fields_item import GetInvoicesFieldsItem
from .get_items_fields_item import GetItemsFieldsItem
from .get_purchase_order_lines_fields_item import GetPurchaseOrderLinesFieldsItem
from .get_purchase_orders_fields_item import GetPurchaseOrdersFieldsItem
from .get_receipts_fields_item import GetReceiptsFieldsItem
from .get_requisitions_fields_item import GetRequisitionsFieldsItem
from .get_suppliers_fields_item import GetSuppliersFieldsItem
from .get_users_fields_item import GetUsersFieldsItem
from .healthz_response_200 import HealthzResponse200
from .invoice import Invoice
from .invoice_custom_fields import InvoiceCustomFields
from .invoice_line import InvoiceLine
from .invoice_list import InvoiceList
from .invoice_remote_data import InvoiceRemoteData
from .invoice_write import InvoiceWrite
from .invoice_write_lines_item import InvoiceWriteLinesItem
from .invoice_write_lines_item_account import InvoiceWriteLinesItemAccount
from .invoice_write_payment_term import InvoiceWritePaymentTerm
from .invoice_write_supplier import InvoiceWriteSupplier
from .item import Item
from .item_custom_fields import ItemCustomFields
from .item_list import ItemList
from .item_ref import ItemRef
from .item_remote_data import ItemRemoteData
from .list_accounts_fields_item import ListAccountsFieldsItem
from .list_approvals_fields_item import ListApprovalsFieldsItem
from .list_contracts_fields_item import ListContractsFieldsItem
from .list_departments_fields_item import ListDepartmentsFieldsItem
from .list_exchange_rates_fields_item import ListExchangeRatesFieldsItem
from .list_expense_reports_fields_item import ListExpenseReportsFieldsItem
from .list_invoices_fields_item import ListInvoicesFieldsItem
from .list_items_fields_item import ListItemsFieldsItem
from .list_purchase_order_lines_fields_item import ListPurchaseOrderLinesFieldsItem
from .list_purchase_orders_fields_item import ListPurchaseOrdersFieldsItem
from .list_receipts_fields_item import ListReceiptsFieldsItem
from .list_requisitions_fields_item import ListRequisitionsFieldsItem
from .list_suppliers_fields_item import ListSuppliersFieldsItem
from .list_users_fields_item import ListUsersFieldsItem
from .mcp_body import McpBody
from .mcp_response_200 import McpResponse200
from .mcp_response_400 import McpResponse400
from .mcp_response_400_error import McpResponse400Error
from .override_save import OverrideSave
from .payment_term_ref import PaymentTermRef
from .preview import Preview
from .preview_errors_item import PreviewErrorsItem
from .preview_projection_type_0 import PreviewProjectionType0
from .preview_records_item import PreviewRecordsItem
from .preview_records_item_base import PreviewRecordsItemBase
from .preview_records_item_diff_item import PreviewRecordsItemDiffItem
from .preview_records_item_diff_item_change import PreviewRecordsItemDiffItemChange
from .preview_records_item_raw import PreviewRecordsItemRaw
from .preview_records_item_violations_item import PreviewRecordsItemViolationsItem
from .preview_request import PreviewRequest
from .preview_request_records_item import PreviewRequestRecordsItem
from .problem import Problem
from .problem_type import ProblemType
from .proxy_delete_query import ProxyDeleteQuery
from .proxy_get_query import ProxyGetQuery
from .proxy_patch_query import ProxyPatchQuery
from .proxy_post_query import ProxyPostQuery
from .proxy_put_query import ProxyPutQuery
from .purchase_order import PurchaseOrder
from .purchase_order_custom_fields import PurchaseOrderCustomFields
from .purchase_order_line import PurchaseOrderLine
from .purchase_order_line_record import PurchaseOrderLineRecord
from .purchase_order_line_record_custom_fields import PurchaseOrderLineRecordCustomFields
from .purchase_order_line_record_list import PurchaseOrderLineRecordList
from .purchase_order_line_record_remote_data import PurchaseOrderLineRecordRemoteData
from .purchase_order_line_ref import PurchaseOrderLineRef
from .purchase_order_list import PurchaseOrderList
from .purchase_order_ref import PurchaseOrderRef
from .purchase_order_remote_data import PurchaseOrderRemoteData
from .purchase_order_write import PurchaseOrderWrite
from .purchase_order_write_lines_item import PurchaseOrderWriteLinesItem
from .purchase_order_write_lines_item_account import PurchaseOrderWriteLinesItemAccount
from .purchase_order_write_lines_item_commodity import PurchaseOrderWriteLinesItemCommodity
from .purchase_order_write_requester import PurchaseOrderWriteRequester
from .purchase_order_write_supplier import PurchaseOrderWriteSupplier
from .rate_limit_setting import RateLimitSetting
from .readyz_response_200 import ReadyzResponse200
from .readyz_response_200_checks import ReadyzResponse200Checks
from .receipt import Receipt
from .receipt_custom_fields import ReceiptCustomFields
from .receipt_list import ReceiptList
from .receipt_remote_data import ReceiptRemoteData
from .receipt_write import ReceiptWrite
from .receipt_write_account import ReceiptWriteAccount
from .receipt_write_item import ReceiptWriteItem
from .receipt_write_purchase_order_line import ReceiptWritePurchaseOrderLine
from .ref import Ref
from .requisition import Requisition
from .requisition_custom_fields import RequisitionCustomFields
from .requisition_line import RequisitionLine
from .requisition_list import RequisitionList
from .requisition_remote_data import RequisitionRemoteData
from .requisition_write import RequisitionWrite
from .requisition_write_department import RequisitionWriteDepartment
from .requisition_write_lines_item import RequisitionWriteLinesItem
from .requisition_write_lines_item_account import RequisitionWriteLinesItemAccount
from .requisition_write_lines_item_commodity import RequisitionWriteLinesItemCommodity
from .requisition_write_lines_item_supplier import RequisitionWriteLinesItemSupplier
from .requisition_write_requester import RequisitionWriteRequester
from .schema_accounts_response_200 import SchemaAccountsResponse200
from .schema_approvals_response_200 import SchemaApprovalsResponse200
from .schema_contracts_response_200 import SchemaContractsResponse200
from .schema_departments_response_200 import SchemaDepartmentsResponse200
from .schema_exchange_rates_response_200 import SchemaExchangeRatesResponse200
from .schema_expense_reports_response_200 import SchemaExpenseReportsResponse200
from .schema_invoices_response_200 import SchemaInvoicesResponse200
from .schema_items_response_200 import SchemaItemsResponse200
from .schema_purchase_order_lines_response_200 import SchemaPurchaseOrderLinesResponse200
from .schema_purchase_orders_response_200 import SchemaPurchaseOrdersResponse200
from .schema_receipts_response_200 import SchemaReceiptsResponse200
from .schema_requisitions_response_200 import SchemaRequisitionsResponse200
from .schema_suppliers_response_200 import SchemaSuppliersResponse200
from .schema_users_response_200 import SchemaUsersResponse200
from .studio_asset_asset import StudioAssetAsset
from .subscription import Subscription
from .subscription_create import SubscriptionCreate
from .subscription_create_events_item import SubscriptionCreateEventsItem
from .subscription_events_item import SubscriptionEventsItem
from .subscription_origin import SubscriptionOrigin
from .subscription_progress import SubscriptionProgress
from .subscription_progress_additional_property import SubscriptionProgressAdditionalProperty
from .subscription_status import SubscriptionStatus
from .supplier import Supplier
from .supplier_custom_fields import SupplierCustomFields
from .supplier_list import SupplierList
from .supplier_ref import SupplierRef
from .supplier_remote_data import SupplierRemoteData
from .supplier_write import SupplierWrite
from .supplier_write_payment_term import SupplierWritePaymentTerm
from .tenant_auth_type_0 import TenantAuthType0
from .tenant_auth_type_1 import TenantAuthType1
from .tenant_create import TenantCreate
from .tenant_create_provider import TenantCreateProvider
from .tenant_patch import TenantPatch
from .tenant_status import TenantStatus
from .tenant_status_auth import TenantStatusAuth
from .tenant_status_auth_state import TenantStatusAuthState
from .tenant_status_rate_limit import TenantStatusRateLimit
from .user import User
from .user_custom_fields import UserCustomFields
from .user_list import UserList
from .user_ref import UserRef
from .user_remote_data import UserRemoteData
from .user_write import UserWrite
from .user_write_department import UserWriteDepartment

__all__ = (
    "Account",
    "AccountCustomFields",
    "AccountList",
    "AccountRef",
    "AccountRemoteData",
    "Address",
    "AdminGetOverrideResourceName",
    "AdminGetOverrideResponse200",
    "AdminGetOverrideResponse200Source",
    "AdminGetOverrideResponse200VersionsItem",
    "AdminReloadResponse200",
    "AdminRestoreOverrideBody",
    "AdminRestoreOverrideResourceName",
    "AdminRestoreOverrideResponse200",
    "AdminRestoreOverrideResponse200Source",
    "AdminRestoreOverrideResponse200VersionsItem",
    "AdminSaveOverrideResourceName",
    "AdminSaveOverrideResponse200",
    "AdminSaveOverrideResponse200Source",
    "AdminSaveOverrideResponse200VersionsItem",
    "AdminSubscriptionDeliveriesResponse200",
    "AdminSubscriptionReplayResponse202",
    "AdminSubscriptionReplayResponse202Status",
    "AdminSubscriptionsResponse200",
    "AdminTenantsResponse200",
    "AdminTenantsResponse200LastReloadType0",
    "Approval",
    "ApprovalCustomFields",
    "ApprovalList",
    "ApprovalRemoteData",
    "Contact",
    "Contract",
    "ContractCustomFields",
    "ContractList",
    "ContractRemoteData",
    "ContractWrite",
    "ContractWriteOwner",
    "ContractWriteSupplier",
    "Coverage",
    "CoverageProvider",
    "CoverageResourcesItem",
    "DeliveryAttempt",
    "Department",
    "DepartmentCustomFields",
    "DepartmentList",
    "DepartmentRemoteData",
    "ExchangeRate",
    "ExchangeRateCustomFields",
    "ExchangeRateList",
    "ExchangeRateRemoteData",
    "ExpenseLine",
    "ExpenseReport",
    "ExpenseReportCustomFields",
    "ExpenseReportList",
    "ExpenseReportRemoteData",
    "ExpenseReportWrite",
    "ExpenseReportWriteExpensedBy",
    "ExpenseReportWriteLinesItem",
    "ExpenseReportWriteLinesItemAccount",
    "FieldError",
    "GetAccountsFieldsItem",
    "GetApprovalsFieldsItem",
    "GetContractsFieldsItem",
    "GetDepartmentsFieldsItem",
    "GetExchangeRatesFieldsItem",
    "GetExpenseReportsFieldsItem",
    "GetInvoicesFieldsItem",
    "GetItemsFieldsItem",
    "GetPurchaseOrderLinesFieldsItem",
    "GetPurchaseOrdersFieldsItem",
    "GetReceiptsFieldsItem",
    "GetRequisitionsFieldsItem",
    "GetSuppliersFieldsItem",
    "GetUsersFieldsItem",
    "HealthzResponse200",
    "Invoice",
    "InvoiceCustomFields",
    "InvoiceLine",
    "InvoiceList",
    "InvoiceRemoteData",
    "InvoiceWrite",
    "InvoiceWriteLinesItem",
    "InvoiceWriteLinesItemAccount",
    "InvoiceWritePaymentTerm",
    "InvoiceWriteSupplier",
    "Item",
    "ItemCustomFields",
    "ItemList",
    "ItemRef",
    "ItemRemoteData",
    "ListAccountsFieldsItem",
    "ListApprovalsFieldsItem",
    "ListContractsFieldsItem",
    "ListDepartmentsFieldsItem",
    "ListExchangeRatesFieldsItem",
    "ListExpenseReportsFieldsItem",
    "ListInvoicesFieldsItem",
    "ListItemsFieldsItem",
    "ListPurchaseOrderLinesFieldsItem",
    "ListPurchaseOrdersFieldsItem",
    "ListReceiptsFieldsItem",
    "ListRequisitionsFieldsItem",
    "ListSuppliersFieldsItem",
    "ListUsersFieldsItem",
    "McpBody",
    "McpResponse200",
    "McpResponse400",
    "McpResponse400Error",
    "OverrideSave",
    "PaymentTermRef",
    "Preview",
    "PreviewErrorsItem",
    "PreviewProjectionType0",
    "PreviewRecordsItem",
    "PreviewRecordsItemBase",
    "PreviewRecordsItemDiffItem",
    "PreviewRecordsItemDiffItemChange",
    "PreviewRecordsItemRaw",
    "PreviewRecordsItemViolationsItem",
    "PreviewRequest",
    "PreviewRequestRecordsItem",
    "Problem",
    "ProblemType",
    "ProxyDeleteQuery",
    "ProxyGetQuery",
    "ProxyPatchQuery",
    "ProxyPostQuery",
    "ProxyPutQuery",
    "PurchaseOrder",
    "PurchaseOrderCustomFields",
    "PurchaseOrderLine",
    "PurchaseOrderLineRecord",
    "PurchaseOrderLineRecordCustomFields",
    "PurchaseOrderLineRecordList",
    "PurchaseOrderLineRecordRemoteData",
    "PurchaseOrderLineRef",
    "PurchaseOrderList",
    "PurchaseOrderRef",
    "PurchaseOrderRemoteData",
    "PurchaseOrderWrite",
    "PurchaseOrderWriteLinesItem",
    "PurchaseOrderWriteLinesItemAccount",
    "PurchaseOrderWriteLinesItemCommodity",
    "PurchaseOrderWriteRequester",
    "PurchaseOrderWriteSupplier",
    "RateLimitSetting",
    "ReadyzResponse200",
    "ReadyzResponse200Checks",
    "Receipt",
    "ReceiptCustomFields",
    "ReceiptList",
    "ReceiptRemoteData",
    "ReceiptWrite",
    "ReceiptWriteAccount",
    "ReceiptWriteItem",
    "ReceiptWritePurchaseOrderLine",
    "Ref",
    "Requisition",
    "RequisitionCustomFields",
    "RequisitionLine",
    "RequisitionList",
    "RequisitionRemoteData",
    "RequisitionWrite",
    "RequisitionWriteDepartment",
    "RequisitionWriteLinesItem",
    "RequisitionWriteLinesItemAccount",
    "RequisitionWriteLinesItemCommodity",
    "RequisitionWriteLinesItemSupplier",
    "RequisitionWriteRequester",
    "SchemaAccountsResponse200",
    "SchemaApprovalsResponse200",
    "SchemaContractsResponse200",
    "SchemaDepartmentsResponse200",
    "SchemaExchangeRatesResponse200",
    "SchemaExpenseReportsResponse200",
    "SchemaInvoicesResponse200",
    "SchemaItemsResponse200",
    "SchemaPurchaseOrderLinesResponse200",
    "SchemaPurchaseOrdersResponse200",
    "SchemaReceiptsResponse200",
    "SchemaRequisitionsResponse200",
    "SchemaSuppliersResponse200",
    "SchemaUsersResponse200",
    "StudioAssetAsset",
    "Subscription",
    "SubscriptionCreate",
    "SubscriptionCreateEventsItem",
    "SubscriptionEventsItem",
    "SubscriptionOrigin",
    "SubscriptionProgress",
    "SubscriptionProgressAdditionalProperty",
    "SubscriptionStatus",
    "Supplier",
    "SupplierCustomFields",
    "SupplierList",
    "SupplierRef",
    "SupplierRemoteData",
    "SupplierWrite",
    "SupplierWritePaymentTerm",
    "TenantAuthType0",
    "TenantAuthType1",
    "TenantCreate",
    "TenantCreateProvider",
    "TenantPatch",
    "TenantStatus",
    "TenantStatusAuth",
    "TenantStatusAuthState",
    "TenantStatusRateLimit",
    "User",
    "UserCustomFields",
    "UserList",
    "UserRef",
    "UserRemoteData",
    "UserWrite",
    "UserWriteDepartment",
)
