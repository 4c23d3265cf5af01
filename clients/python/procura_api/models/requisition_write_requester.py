from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="RequisitionWriteRequester")



@_attrs_define
class RequisitionWriteRequester:
    """ Requester.

        Attributes:
            id (str | Unset): The provider's id of a related record (digits), as its records carry it.
            email (str | Unset):
     """

    id: str | Unset = UNSET
    email: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if id is not UNSET:
            field_dict["id"] = id
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        email = d.pop("email", UNSET)

        requisition_write_requester = cls(
            id=id,
            email=email,
        )

        return requisition_write_requester

