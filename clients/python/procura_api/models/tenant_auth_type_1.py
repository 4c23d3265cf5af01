from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast






T = TypeVar("T", bound="TenantAuthType1")



@_attrs_define
class TenantAuthType1:
    """ 
        Attributes:
            kind (Literal['oauth']):
            token_url (str):
            client_id (str):
            client_secret (str):
            scope (None | str | Unset):
     """

    kind: Literal['oauth']
    token_url: str
    client_id: str
    client_secret: str
    scope: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        token_url = self.token_url

        client_id = self.client_id

        client_secret = self.client_secret

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        else:
            scope = self.scope


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "token_url": token_url,
            "client_id": client_id,
            "client_secret": client_secret,
        })
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal['oauth'] , d.pop("kind"))
        if kind != 'oauth':
            raise ValueError(f"kind must match const 'oauth', got '{kind}'")

        token_url = d.pop("token_url")

        client_id = d.pop("client_id")

        client_secret = d.pop("client_secret")

        def _parse_scope(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))


        tenant_auth_type_1 = cls(
            kind=kind,
            token_url=token_url,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
        )

        return tenant_auth_type_1

