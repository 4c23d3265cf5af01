from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PurchaseOrderLineRef")



@_attrs_define
class PurchaseOrderLineRef:
    """ The purchase order line a receipt is against.

        Attributes:
            id (str): The provider's id of the line.
            purchase_order_number (None | str | Unset): PO number.
            line_number (None | str | Unset): Line number on the PO.
     """

    id: str
    purchase_order_number: None | str | Unset = UNSET
    line_number: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        purchase_order_number: None | str | Unset
        if isinstance(self.purchase_order_number, Unset):
            purchase_order_number = UNSET
        else:
            purchase_order_number = self.purchase_order_number

        line_number: None | str | Unset
        if isinstance(self.line_number, Unset):
            line_number = UNSET
        else:
            line_number = self.line_number


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
        })
        if purchase_order_number is not UNSET:
            field_dict["purchase_order_number"] = purchase_order_number
        if line_number is not UNSET:
            field_dict["line_number"] = line_number

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_purchase_order_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        purchase_order_number = _parse_purchase_order_number(d.pop("purchase_order_number", UNSET))


        def _parse_line_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        line_number = _parse_line_number(d.pop("line_number", UNSET))


        purchase_order_line_ref = cls(
            id=id,
            purchase_order_number=purchase_order_number,
            line_number=line_number,
        )

        return purchase_order_line_ref

