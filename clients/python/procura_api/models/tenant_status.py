from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.tenant_status_auth import TenantStatusAuth
  from ..models.tenant_status_rate_limit import TenantStatusRateLimit





T = TypeVar("T", bound="TenantStatus")



@_attrs_define
class TenantStatus:
    """ A tenant's operational state; never a secret.

        Attributes:
            id (str):
            base_url (str):
            auth (TenantStatusAuth): Token state: state is pending, ok or needs_reauth.
            rate_limit (TenantStatusRateLimit): Configured and learned budget, and its state now.
     """

    id: str
    base_url: str
    auth: TenantStatusAuth
    rate_limit: TenantStatusRateLimit
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.tenant_status_auth import TenantStatusAuth # noqa: PLC0415
        from ..models.tenant_status_rate_limit import TenantStatusRateLimit # noqa: PLC0415
        id = self.id

        base_url = self.base_url

        auth = self.auth.to_dict()

        rate_limit = self.rate_limit.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "base_url": base_url,
            "auth": auth,
            "rate_limit": rate_limit,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_status_auth import TenantStatusAuth # noqa: PLC0415
        from ..models.tenant_status_rate_limit import TenantStatusRateLimit # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        base_url = d.pop("base_url")

        auth = TenantStatusAuth.from_dict(d.pop("auth"))




        rate_limit = TenantStatusRateLimit.from_dict(d.pop("rate_limit"))




        tenant_status = cls(
            id=id,
            base_url=base_url,
            auth=auth,
            rate_limit=rate_limit,
        )


        tenant_status.additional_properties = d
        return tenant_status

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
