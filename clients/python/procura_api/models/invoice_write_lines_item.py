from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.invoice_write_lines_item_account import InvoiceWriteLinesItemAccount





T = TypeVar("T", bound="InvoiceWriteLinesItem")



@_attrs_define
class InvoiceWriteLinesItem:
    """ 
        Attributes:
            line_number (str | Unset): Line number.
            description (str | Unset): Description.
            type_ (str | Unset): Line type.
            quantity (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            unit_price (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            total (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            purchase_order_line_id (str | Unset): The provider's id of a related record (digits), as its records carry it.
            purchase_order_number (str | Unset): PO number.
            account (InvoiceWriteLinesItemAccount | Unset): Account by id or code.
     """

    line_number: str | Unset = UNSET
    description: str | Unset = UNSET
    type_: str | Unset = UNSET
    quantity: str | Unset = UNSET
    unit_price: str | Unset = UNSET
    total: str | Unset = UNSET
    purchase_order_line_id: str | Unset = UNSET
    purchase_order_number: str | Unset = UNSET
    account: InvoiceWriteLinesItemAccount | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_write_lines_item_account import InvoiceWriteLinesItemAccount # noqa: PLC0415
        line_number = self.line_number

        description = self.description

        type_ = self.type_

        quantity = self.quantity

        unit_price = self.unit_price

        total = self.total

        purchase_order_line_id = self.purchase_order_line_id

        purchase_order_number = self.purchase_order_number

        account: dict[str, Any] | Unset = UNSET
        if not isinstance(self.account, Unset):
            account = self.account.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if line_number is not UNSET:
            field_dict["line_number"] = line_number
        if description is not UNSET:
            field_dict["description"] = description
        if type_ is not UNSET:
            field_dict["type"] = type_
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if unit_price is not UNSET:
            field_dict["unit_price"] = unit_price
        if total is not UNSET:
            field_dict["total"] = total
        if purchase_order_line_id is not UNSET:
            field_dict["purchase_order_line_id"] = purchase_order_line_id
        if purchase_order_number is not UNSET:
            field_dict["purchase_order_number"] = purchase_order_number
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_write_lines_item_account import InvoiceWriteLinesItemAccount # noqa: PLC0415
        d = dict(src_dict)
        line_number = d.pop("line_number", UNSET)

        description = d.pop("description", UNSET)

        type_ = d.pop("type", UNSET)

        quantity = d.pop("quantity", UNSET)

        unit_price = d.pop("unit_price", UNSET)

        total = d.pop("total", UNSET)

        purchase_order_line_id = d.pop("purchase_order_line_id", UNSET)

        purchase_order_number = d.pop("purchase_order_number", UNSET)

        _account = d.pop("account", UNSET)
        account: InvoiceWriteLinesItemAccount | Unset
        if isinstance(_account,  Unset):
            account = UNSET
        else:
            account = InvoiceWriteLinesItemAccount.from_dict(_account)




        invoice_write_lines_item = cls(
            line_number=line_number,
            description=description,
            type_=type_,
            quantity=quantity,
            unit_price=unit_price,
            total=total,
            purchase_order_line_id=purchase_order_line_id,
            purchase_order_number=purchase_order_number,
            account=account,
        )

        return invoice_write_lines_item

