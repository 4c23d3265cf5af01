from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="RequisitionWriteLinesItemCommodity")



@_attrs_define
class RequisitionWriteLinesItemCommodity:
    """ Commodity.

        Attributes:
            name (str | Unset):
     """

    name: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        requisition_write_lines_item_commodity = cls(
            name=name,
        )

        return requisition_write_lines_item_commodity

