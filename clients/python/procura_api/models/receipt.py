from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.account_ref import AccountRef
  from ..models.item_ref import ItemRef
  from ..models.purchase_order_line_ref import PurchaseOrderLineRef
  from ..models.receipt_custom_fields import ReceiptCustomFields
  from ..models.receipt_remote_data import ReceiptRemoteData





T = TypeVar("T", bound="Receipt")



@_attrs_define
class Receipt:
    """ A receipt of goods or services (a Coupa inventory transaction, an Oracle Fusion receiving transaction).

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (ReceiptCustomFields): Custom fields the tenant's overrides map; {} when none.
            type_ (None | str | Unset): Transaction type, e.g. ReceivingQuantityConsumption.
            status (None | str | Unset): Status.
            transaction_date (datetime.datetime | None | Unset): When it was received.
            quantity (None | str | Unset): Quantity received.
            price (None | str | Unset): Unit price.
            total (None | str | Unset): Total.
            currency (None | str | Unset): ISO 4217 currency code.
            uom (None | str | Unset): Unit of measure code.
            item (ItemRef | None | Unset): Item received.
            purchase_order_line (None | PurchaseOrderLineRef | Unset): PO line received against.
            account (AccountRef | None | Unset): Account.
            barcode (None | str | Unset): Barcode.
            comments (None | str | Unset): Comments.
            exported (bool | Unset): Whether it was marked exported.
            remote_data (ReceiptRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: ReceiptCustomFields
    type_: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    transaction_date: datetime.datetime | None | Unset = UNSET
    quantity: None | str | Unset = UNSET
    price: None | str | Unset = UNSET
    total: None | str | Unset = UNSET
    currency: None | str | Unset = UNSET
    uom: None | str | Unset = UNSET
    item: ItemRef | None | Unset = UNSET
    purchase_order_line: None | PurchaseOrderLineRef | Unset = UNSET
    account: AccountRef | None | Unset = UNSET
    barcode: None | str | Unset = UNSET
    comments: None | str | Unset = UNSET
    exported: bool | Unset = UNSET
    remote_data: ReceiptRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.account_ref import AccountRef # noqa: PLC0415
        from ..models.item_ref import ItemRef # noqa: PLC0415
        from ..models.purchase_order_line_ref import PurchaseOrderLineRef # noqa: PLC0415
        from ..models.receipt_custom_fields import ReceiptCustomFields # noqa: PLC0415
        from ..models.receipt_remote_data import ReceiptRemoteData # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        transaction_date: None | str | Unset
        if isinstance(self.transaction_date, Unset):
            transaction_date = UNSET
        elif isinstance(self.transaction_date, datetime.datetime):
            transaction_date = self.transaction_date.isoformat()
        else:
            transaction_date = self.transaction_date

        quantity: None | str | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        price: None | str | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        total: None | str | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        uom: None | str | Unset
        if isinstance(self.uom, Unset):
            uom = UNSET
        else:
            uom = self.uom

        item: dict[str, Any] | None | Unset
        if isinstance(self.item, Unset):
            item = UNSET
        elif isinstance(self.item, ItemRef):
            item = self.item.to_dict()
        else:
            item = self.item

        purchase_order_line: dict[str, Any] | None | Unset
        if isinstance(self.purchase_order_line, Unset):
            purchase_order_line = UNSET
        elif isinstance(self.purchase_order_line, PurchaseOrderLineRef):
            purchase_order_line = self.purchase_order_line.to_dict()
        else:
            purchase_order_line = self.purchase_order_line

        account: dict[str, Any] | None | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        elif isinstance(self.account, AccountRef):
            account = self.account.to_dict()
        else:
            account = self.account

        barcode: None | str | Unset
        if isinstance(self.barcode, Unset):
            barcode = UNSET
        else:
            barcode = self.barcode

        comments: None | str | Unset
        if isinstance(self.comments, Unset):
            comments = UNSET
        else:
            comments = self.comments

        exported = self.exported

        remote_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.remote_data, Unset):
            remote_data = self.remote_data.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "created_at": created_at,
            "updated_at": updated_at,
            "custom_fields": custom_fields,
        })
        if type_ is not UNSET:
            field_dict["type"] = type_
        if status is not UNSET:
            field_dict["status"] = status
        if transaction_date is not UNSET:
            field_dict["transaction_date"] = transaction_date
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if price is not UNSET:
            field_dict["price"] = price
        if total is not UNSET:
            field_dict["total"] = total
        if currency is not UNSET:
            field_dict["currency"] = currency
        if uom is not UNSET:
            field_dict["uom"] = uom
        if item is not UNSET:
            field_dict["item"] = item
        if purchase_order_line is not UNSET:
            field_dict["purchase_order_line"] = purchase_order_line
        if account is not UNSET:
            field_dict["account"] = account
        if barcode is not UNSET:
            field_dict["barcode"] = barcode
        if comments is not UNSET:
            field_dict["comments"] = comments
        if exported is not UNSET:
            field_dict["exported"] = exported
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_ref import AccountRef # noqa: PLC0415
        from ..models.item_ref import ItemRef # noqa: PLC0415
        from ..models.purchase_order_line_ref import PurchaseOrderLineRef # noqa: PLC0415
        from ..models.receipt_custom_fields import ReceiptCustomFields # noqa: PLC0415
        from ..models.receipt_remote_data import ReceiptRemoteData # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = ReceiptCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))


        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))


        def _parse_transaction_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                transaction_date_type_0 = datetime.datetime.fromisoformat(data)



                return transaction_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        transaction_date = _parse_transaction_date(d.pop("transaction_date", UNSET))


        def _parse_quantity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))


        def _parse_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        price = _parse_price(d.pop("price", UNSET))


        def _parse_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        total = _parse_total(d.pop("total", UNSET))


        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        def _parse_uom(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uom = _parse_uom(d.pop("uom", UNSET))


        def _parse_item(data: object) -> ItemRef | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                item_type_0 = ItemRef.from_dict(data)



                return item_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ItemRef | None | Unset, data)

        item = _parse_item(d.pop("item", UNSET))


        def _parse_purchase_order_line(data: object) -> None | PurchaseOrderLineRef | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                purchase_order_line_type_0 = PurchaseOrderLineRef.from_dict(data)



                return purchase_order_line_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PurchaseOrderLineRef | Unset, data)

        purchase_order_line = _parse_purchase_order_line(d.pop("purchase_order_line", UNSET))


        def _parse_account(data: object) -> AccountRef | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                account_type_0 = AccountRef.from_dict(data)



                return account_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AccountRef | None | Unset, data)

        account = _parse_account(d.pop("account", UNSET))


        def _parse_barcode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        barcode = _parse_barcode(d.pop("barcode", UNSET))


        def _parse_comments(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comments = _parse_comments(d.pop("comments", UNSET))


        exported = d.pop("exported", UNSET)

        _remote_data = d.pop("remote_data", UNSET)
        remote_data: ReceiptRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = ReceiptRemoteData.from_dict(_remote_data)




        receipt = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            type_=type_,
            status=status,
            transaction_date=transaction_date,
            quantity=quantity,
            price=price,
            total=total,
            currency=currency,
            uom=uom,
            item=item,
            purchase_order_line=purchase_order_line,
            account=account,
            barcode=barcode,
            comments=comments,
            exported=exported,
            remote_data=remote_data,
        )

        return receipt

