from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="ReceiptWriteAccount")



@_attrs_define
class ReceiptWriteAccount:
    """ Account.

        Attributes:
            id (str | Unset): The provider's id of a related record (digits), as its records carry it.
            code (str | Unset):
     """

    id: str | Unset = UNSET
    code: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if id is not UNSET:
            field_dict["id"] = id
        if code is not UNSET:
            field_dict["code"] = code

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        code = d.pop("code", UNSET)

        receipt_write_account = cls(
            id=id,
            code=code,
        )

        return receipt_write_account

