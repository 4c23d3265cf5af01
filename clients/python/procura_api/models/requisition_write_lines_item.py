from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.requisition_write_lines_item_account import RequisitionWriteLinesItemAccount
  from ..models.requisition_write_lines_item_commodity import RequisitionWriteLinesItemCommodity
  from ..models.requisition_write_lines_item_supplier import RequisitionWriteLinesItemSupplier





T = TypeVar("T", bound="RequisitionWriteLinesItem")



@_attrs_define
class RequisitionWriteLinesItem:
    """ 
        Attributes:
            line_number (str | Unset): Line number.
            description (str | Unset): Description.
            type_ (str | Unset): Line type.
            quantity (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            unit_price (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            supplier (RequisitionWriteLinesItemSupplier | Unset): Supplier.
            account (RequisitionWriteLinesItemAccount | Unset): Account.
            commodity (RequisitionWriteLinesItemCommodity | Unset): Commodity.
     """

    line_number: str | Unset = UNSET
    description: str | Unset = UNSET
    type_: str | Unset = UNSET
    quantity: str | Unset = UNSET
    unit_price: str | Unset = UNSET
    supplier: RequisitionWriteLinesItemSupplier | Unset = UNSET
    account: RequisitionWriteLinesItemAccount | Unset = UNSET
    commodity: RequisitionWriteLinesItemCommodity | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.requisition_write_lines_item_account import RequisitionWriteLinesItemAccount # noqa: PLC0415
        from ..models.requisition_write_lines_item_commodity import RequisitionWriteLinesItemCommodity # noqa: PLC0415
        from ..models.requisition_write_lines_item_supplier import RequisitionWriteLinesItemSupplier # noqa: PLC0415
        line_number = self.line_number

        description = self.description

        type_ = self.type_

        quantity = self.quantity

        unit_price = self.unit_price

        supplier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.supplier, Unset):
            supplier = self.supplier.to_dict()

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
        if type_ is not UNSET:
            field_dict["type"] = type_
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if unit_price is not UNSET:
            field_dict["unit_price"] = unit_price
        if supplier is not UNSET:
            field_dict["supplier"] = supplier
        if account is not UNSET:
            field_dict["account"] = account
        if commodity is not UNSET:
            field_dict["commodity"] = commodity

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.requisition_write_lines_item_account import RequisitionWriteLinesItemAccount # noqa: PLC0415
        from ..models.requisition_write_lines_item_commodity import RequisitionWriteLinesItemCommodity # noqa: PLC0415
        from ..models.requisition_write_lines_item_supplier import RequisitionWriteLinesItemSupplier # noqa: PLC0415
        d = dict(src_dict)
        line_number = d.pop("line_number", UNSET)

        description = d.pop("description", UNSET)

        type_ = d.pop("type", UNSET)

        quantity = d.pop("quantity", UNSET)

        unit_price = d.pop("unit_price", UNSET)

        _supplier = d.pop("supplier", UNSET)
        supplier: RequisitionWriteLinesItemSupplier | Unset
        if isinstance(_supplier,  Unset):
            supplier = UNSET
        else:
            supplier = RequisitionWriteLinesItemSupplier.from_dict(_supplier)




        _account = d.pop("account", UNSET)
        account: RequisitionWriteLinesItemAccount | Unset
        if isinstance(_account,  Unset):
            account = UNSET
        else:
            account = RequisitionWriteLinesItemAccount.from_dict(_account)




        _commodity = d.pop("commodity", UNSET)
        commodity: RequisitionWriteLinesItemCommodity | Unset
        if isinstance(_commodity,  Unset):
            commodity = UNSET
        else:
            commodity = RequisitionWriteLinesItemCommodity.from_dict(_commodity)




        requisition_write_lines_item = cls(
            line_number=line_number,
            description=description,
            type_=type_,
            quantity=quantity,
            unit_price=unit_price,
            supplier=supplier,
            account=account,
            commodity=commodity,
        )

        return requisition_write_lines_item

