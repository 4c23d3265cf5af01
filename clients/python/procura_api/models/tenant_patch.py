from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.rate_limit_setting import RateLimitSetting
  from ..models.tenant_auth_type_0 import TenantAuthType0
  from ..models.tenant_auth_type_1 import TenantAuthType1





T = TypeVar("T", bound="TenantPatch")



@_attrs_define
class TenantPatch:
    """ Fields given replace the tenant's; secrets left out (or empty in auth) stay as stored.

        Attributes:
            base_url (str | Unset):
            client_id (str | Unset):
            client_secret (str | Unset):
            scopes (list[str] | Unset):
            auth (TenantAuthType0 | TenantAuthType1 | Unset):
            rate_limit (None | RateLimitSetting | Unset):
     """

    base_url: str | Unset = UNSET
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    scopes: list[str] | Unset = UNSET
    auth: TenantAuthType0 | TenantAuthType1 | Unset = UNSET
    rate_limit: None | RateLimitSetting | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.rate_limit_setting import RateLimitSetting # noqa: PLC0415
        from ..models.tenant_auth_type_0 import TenantAuthType0 # noqa: PLC0415
        from ..models.tenant_auth_type_1 import TenantAuthType1 # noqa: PLC0415
        base_url = self.base_url

        client_id = self.client_id

        client_secret = self.client_secret

        scopes: list[str] | Unset = UNSET
        if not isinstance(self.scopes, Unset):
            scopes = self.scopes



        auth: dict[str, Any] | Unset
        if isinstance(self.auth, Unset):
            auth = UNSET
        elif isinstance(self.auth, TenantAuthType0):
            auth = self.auth.to_dict()
        else:
            auth = self.auth.to_dict()


        rate_limit: dict[str, Any] | None | Unset
        if isinstance(self.rate_limit, Unset):
            rate_limit = UNSET
        elif isinstance(self.rate_limit, RateLimitSetting):
            rate_limit = self.rate_limit.to_dict()
        else:
            rate_limit = self.rate_limit


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if base_url is not UNSET:
            field_dict["base_url"] = base_url
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if auth is not UNSET:
            field_dict["auth"] = auth
        if rate_limit is not UNSET:
            field_dict["rate_limit"] = rate_limit

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rate_limit_setting import RateLimitSetting # noqa: PLC0415
        from ..models.tenant_auth_type_0 import TenantAuthType0 # noqa: PLC0415
        from ..models.tenant_auth_type_1 import TenantAuthType1 # noqa: PLC0415
        d = dict(src_dict)
        base_url = d.pop("base_url", UNSET)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        scopes = cast(list[str], d.pop("scopes", UNSET))


        def _parse_auth(data: object) -> TenantAuthType0 | TenantAuthType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tenant_auth_type_0 = TenantAuthType0.from_dict(data)



                return componentsschemas_tenant_auth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_tenant_auth_type_1 = TenantAuthType1.from_dict(data)



            return componentsschemas_tenant_auth_type_1

        auth = _parse_auth(d.pop("auth", UNSET))


        def _parse_rate_limit(data: object) -> None | RateLimitSetting | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rate_limit_type_0 = RateLimitSetting.from_dict(data)



                return rate_limit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RateLimitSetting | Unset, data)

        rate_limit = _parse_rate_limit(d.pop("rate_limit", UNSET))


        tenant_patch = cls(
            base_url=base_url,
            client_id=client_id,
            client_secret=client_secret,
            scopes=scopes,
            auth=auth,
            rate_limit=rate_limit,
        )

        return tenant_patch

