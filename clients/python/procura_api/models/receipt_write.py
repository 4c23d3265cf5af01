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
  from ..models.receipt_write_account import ReceiptWriteAccount
  from ..models.receipt_write_item import ReceiptWriteItem
  from ..models.receipt_write_purchase_order_line import ReceiptWritePurchaseOrderLine





T = TypeVar("T", bound="ReceiptWrite")



@_attrs_define
class ReceiptWrite:
    """ Fields of a new receipt (created only, never updated). Required: quantity. Bodies are checked against this schema
    (with the tenant's custom fields) before anything is sent to the provider.

        Attributes:
            type_ (str | Unset): Transaction type (default ReceivingQuantityConsumption).
            transaction_date (datetime.datetime | Unset): When received.
            quantity (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            price (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            purchase_order_line (ReceiptWritePurchaseOrderLine | Unset): PO line received against.
            item (ReceiptWriteItem | Unset): Item.
            account (ReceiptWriteAccount | Unset): Account.
            barcode (str | Unset): Barcode.
            comments (str | Unset): Comments.
     """

    type_: str | Unset = UNSET
    transaction_date: datetime.datetime | Unset = UNSET
    quantity: str | Unset = UNSET
    price: str | Unset = UNSET
    purchase_order_line: ReceiptWritePurchaseOrderLine | Unset = UNSET
    item: ReceiptWriteItem | Unset = UNSET
    account: ReceiptWriteAccount | Unset = UNSET
    barcode: str | Unset = UNSET
    comments: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.receipt_write_account import ReceiptWriteAccount # noqa: PLC0415
        from ..models.receipt_write_item import ReceiptWriteItem # noqa: PLC0415
        from ..models.receipt_write_purchase_order_line import ReceiptWritePurchaseOrderLine # noqa: PLC0415
        type_ = self.type_

        transaction_date: str | Unset = UNSET
        if not isinstance(self.transaction_date, Unset):
            transaction_date = self.transaction_date.isoformat()

        quantity = self.quantity

        price = self.price

        purchase_order_line: dict[str, Any] | Unset = UNSET
        if not isinstance(self.purchase_order_line, Unset):
            purchase_order_line = self.purchase_order_line.to_dict()

        item: dict[str, Any] | Unset = UNSET
        if not isinstance(self.item, Unset):
            item = self.item.to_dict()

        account: dict[str, Any] | Unset = UNSET
        if not isinstance(self.account, Unset):
            account = self.account.to_dict()

        barcode = self.barcode

        comments = self.comments


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if type_ is not UNSET:
            field_dict["type"] = type_
        if transaction_date is not UNSET:
            field_dict["transaction_date"] = transaction_date
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if price is not UNSET:
            field_dict["price"] = price
        if purchase_order_line is not UNSET:
            field_dict["purchase_order_line"] = purchase_order_line
        if item is not UNSET:
            field_dict["item"] = item
        if account is not UNSET:
            field_dict["account"] = account
        if barcode is not UNSET:
            field_dict["barcode"] = barcode
        if comments is not UNSET:
            field_dict["comments"] = comments

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.receipt_write_account import ReceiptWriteAccount # noqa: PLC0415
        from ..models.receipt_write_item import ReceiptWriteItem # noqa: PLC0415
        from ..models.receipt_write_purchase_order_line import ReceiptWritePurchaseOrderLine # noqa: PLC0415
        d = dict(src_dict)
        type_ = d.pop("type", UNSET)

        _transaction_date = d.pop("transaction_date", UNSET)
        transaction_date: datetime.datetime | Unset
        if isinstance(_transaction_date,  Unset):
            transaction_date = UNSET
        else:
            transaction_date = datetime.datetime.fromisoformat(_transaction_date)




        quantity = d.pop("quantity", UNSET)

        price = d.pop("price", UNSET)

        _purchase_order_line = d.pop("purchase_order_line", UNSET)
        purchase_order_line: ReceiptWritePurchaseOrderLine | Unset
        if isinstance(_purchase_order_line,  Unset):
            purchase_order_line = UNSET
        else:
            purchase_order_line = ReceiptWritePurchaseOrderLine.from_dict(_purchase_order_line)




        _item = d.pop("item", UNSET)
        item: ReceiptWriteItem | Unset
        if isinstance(_item,  Unset):
            item = UNSET
        else:
            item = ReceiptWriteItem.from_dict(_item)




        _account = d.pop("account", UNSET)
        account: ReceiptWriteAccount | Unset
        if isinstance(_account,  Unset):
            account = UNSET
        else:
            account = ReceiptWriteAccount.from_dict(_account)




        barcode = d.pop("barcode", UNSET)

        comments = d.pop("comments", UNSET)

        receipt_write = cls(
            type_=type_,
            transaction_date=transaction_date,
            quantity=quantity,
            price=price,
            purchase_order_line=purchase_order_line,
            item=item,
            account=account,
            barcode=barcode,
            comments=comments,
        )

        return receipt_write

