from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="InvoiceWriteSupplier")



@_attrs_define
class InvoiceWriteSupplier:
    """ Supplier by id, or by name or number.

        Attributes:
            id (str | Unset): The provider's id of a related record (digits), as its records carry it.
            name (str | Unset):
            number (str | Unset):
     """

    id: str | Unset = UNSET
    name: str | Unset = UNSET
    number: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        number = self.number


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if number is not UNSET:
            field_dict["number"] = number

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        number = d.pop("number", UNSET)

        invoice_write_supplier = cls(
            id=id,
            name=name,
            number=number,
        )

        return invoice_write_supplier

