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
  from ..models.purchase_order_write_lines_item_account import PurchaseOrderWriteLinesItemAccount
  from ..models.purchase_order_write_lines_item_commodity import PurchaseOrderWriteLinesItemCommodity





T = TypeVar("T", bound="PurchaseOrderWriteLinesItem")



@_attrs_define
class PurchaseOrderWriteLinesItem:
    """ 
        Attributes:
            line_number (str | Unset): Line number.
            description (str | Unset): Description.
            quantity (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            unit_price (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            need_by_date (datetime.date | Unset): Date needed.
            account (PurchaseOrderWriteLinesItemAccount | Unset): Account by id or code.
            commodity (PurchaseOrderWriteLinesItemCommodity | Unset): Commodity by name.
     """

    line_number: str | Unset = UNSET
    description: str | Unset = UNSET
    quantity: str | Unset = UNSET
    unit_price: str | Unset = UNSET
    need_by_date: datetime.date | Unset = UNSET
    account: PurchaseOrderWriteLinesItemAccount | Unset = UNSET
    commodity: PurchaseOrderWriteLinesItemCommodity | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.purchase_order_write_lines_item_account import PurchaseOrderWriteLinesItemAccount # noqa: PLC0415
        from ..models.purchase_order_write_lines_item_commodity import PurchaseOrderWriteLinesItemCommodity # noqa: PLC0415
        line_number = self.line_number

        description = self.description

        quantity = self.quantity

        unit_price = self.unit_price

        need_by_date: str | Unset = UNSET
        if not isinstance(self.need_by_date, Unset):
            need_by_date = self.need_by_date.isoformat()

        account: dict[str, Any] | Unset = UNSET
        if not isinstance(self.account, Unset):
            account = self.account.to_dict()

        commodity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.commodity, Unset):
            commodity = self.commodity.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if line_number is not UNSET:
            field_dict["line_number"] = line_number
        if description is not UNSET:
            field_dict["description"] = description
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if unit_price is not UNSET:
            field_dict["unit_price"] = unit_price
        if need_by_date is not UNSET:
            field_dict["need_by_date"] = need_by_date
        if account is not UNSET:
            field_dict["account"] = account
        if commodity is not UNSET:
            field_dict["commodity"] = commodity

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purchase_order_write_lines_item_account import PurchaseOrderWriteLinesItemAccount # noqa: PLC0415
        from ..models.purchase_order_write_lines_item_commodity import PurchaseOrderWriteLinesItemCommodity # noqa: PLC0415
        d = dict(src_dict)
        line_number = d.pop("line_number", UNSET)

        description = d.pop("description", UNSET)

        quantity = d.pop("quantity", UNSET)

        unit_price = d.pop("unit_price", UNSET)

        _need_by_date = d.pop("need_by_date", UNSET)
        need_by_date: datetime.date | Unset
        if isinstance(_need_by_date,  Unset):
            need_by_date = UNSET
        else:
            need_by_date = datetime.date.fromisoformat(_need_by_date)




        _account = d.pop("account", UNSET)
        account: PurchaseOrderWriteLinesItemAccount | Unset
        if isinstance(_account,  Unset):
            account = UNSET
        else:
            account = PurchaseOrderWriteLinesItemAccount.from_dict(_account)




        _commodity = d.pop("commodity", UNSET)
        commodity: PurchaseOrderWriteLinesItemCommodity | Unset
        if isinstance(_commodity,  Unset):
            commodity = UNSET
        else:
            commodity = PurchaseOrderWriteLinesItemCommodity.from_dict(_commodity)




        purchase_order_write_lines_item = cls(
            line_number=line_number,
            description=description,
            quantity=quantity,
            unit_price=unit_price,
            need_by_date=need_by_date,
            account=account,
            commodity=commodity,
        )

        return purchase_order_write_lines_item

