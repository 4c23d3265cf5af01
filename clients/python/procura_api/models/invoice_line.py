from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.account_ref import AccountRef





T = TypeVar("T", bound="InvoiceLine")



@_attrs_define
class InvoiceLine:
    """ A line of an invoice.

        Attributes:
            id (str): The provider's id.
            line_number (None | str | Unset): Line number on the invoice.
            description (None | str | Unset): What is invoiced.
            type_ (None | str | Unset): Line type: InvoiceQuantityLine or InvoiceAmountLine.
            quantity (None | str | Unset): Quantity invoiced.
            unit_price (None | str | Unset): Price per unit.
            total (None | str | Unset): Line total.
            uom (None | str | Unset): Unit of measure code.
            purchase_order_number (None | str | Unset): PO number the line is matched to.
            purchase_order_line_id (None | str | Unset): Id of the PO line matched.
            account (AccountRef | None | Unset): Account the line is coded to.
     """

    id: str
    line_number: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    type_: None | str | Unset = UNSET
    quantity: None | str | Unset = UNSET
    unit_price: None | str | Unset = UNSET
    total: None | str | Unset = UNSET
    uom: None | str | Unset = UNSET
    purchase_order_number: None | str | Unset = UNSET
    purchase_order_line_id: None | str | Unset = UNSET
    account: AccountRef | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.account_ref import AccountRef # noqa: PLC0415
        id = self.id

        line_number: None | str | Unset
        if isinstance(self.line_number, Unset):
            line_number = UNSET
        else:
            line_number = self.line_number

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        quantity: None | str | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        unit_price: None | str | Unset
        if isinstance(self.unit_price, Unset):
            unit_price = UNSET
        else:
            unit_price = self.unit_price

        total: None | str | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        uom: None | str | Unset
        if isinstance(self.uom, Unset):
            uom = UNSET
        else:
            uom = self.uom

        purchase_order_number: None | str | Unset
        if isinstance(self.purchase_order_number, Unset):
            purchase_order_number = UNSET
        else:
            purchase_order_number = self.purchase_order_number

        purchase_order_line_id: None | str | Unset
        if isinstance(self.purchase_order_line_id, Unset):
            purchase_order_line_id = UNSET
        else:
            purchase_order_line_id = self.purchase_order_line_id

        account: dict[str, Any] | None | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        elif isinstance(self.account, AccountRef):
            account = self.account.to_dict()
        else:
            account = self.account


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
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
        if uom is not UNSET:
            field_dict["uom"] = uom
        if purchase_order_number is not UNSET:
            field_dict["purchase_order_number"] = purchase_order_number
        if purchase_order_line_id is not UNSET:
            field_dict["purchase_order_line_id"] = purchase_order_line_id
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_ref import AccountRef # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_line_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        line_number = _parse_line_number(d.pop("line_number", UNSET))


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))


        def _parse_quantity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))


        def _parse_unit_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit_price = _parse_unit_price(d.pop("unit_price", UNSET))


        def _parse_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        total = _parse_total(d.pop("total", UNSET))


        def _parse_uom(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uom = _parse_uom(d.pop("uom", UNSET))


        def _parse_purchase_order_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        purchase_order_number = _parse_purchase_order_number(d.pop("purchase_order_number", UNSET))


        def _parse_purchase_order_line_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        purchase_order_line_id = _parse_purchase_order_line_id(d.pop("purchase_order_line_id", UNSET))


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


        invoice_line = cls(
            id=id,
            line_number=line_number,
            description=description,
            type_=type_,
            quantity=quantity,
            unit_price=unit_price,
            total=total,
            uom=uom,
            purchase_order_number=purchase_order_number,
            purchase_order_line_id=purchase_order_line_id,
            account=account,
        )

        return invoice_line

