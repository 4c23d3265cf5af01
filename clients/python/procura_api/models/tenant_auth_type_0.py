from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast






T = TypeVar("T", bound="TenantAuthType0")



@_attrs_define
class TenantAuthType0:
    """ 
        Attributes:
            kind (Literal['basic']):
            username (str):
            password (str):
     """

    kind: Literal['basic']
    username: str
    password: str





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        username = self.username

        password = self.password


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "username": username,
            "password": password,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal['basic'] , d.pop("kind"))
        if kind != 'basic':
            raise ValueError(f"kind must match const 'basic', got '{kind}'")

        username = d.pop("username")

        password = d.pop("password")

        tenant_auth_type_0 = cls(
            kind=kind,
            username=username,
            password=password,
        )

        return tenant_auth_type_0

