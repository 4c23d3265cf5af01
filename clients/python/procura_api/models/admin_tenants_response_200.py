from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.admin_tenants_response_200_last_reload_type_0 import AdminTenantsResponse200LastReloadType0
  from ..models.tenant_status import TenantStatus





T = TypeVar("T", bound="AdminTenantsResponse200")



@_attrs_define
class AdminTenantsResponse200:
    """ 
        Attributes:
            tenants (list[TenantStatus]):
            last_reload (AdminTenantsResponse200LastReloadType0 | None | Unset):
     """

    tenants: list[TenantStatus]
    last_reload: AdminTenantsResponse200LastReloadType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_tenants_response_200_last_reload_type_0 import AdminTenantsResponse200LastReloadType0 # noqa: PLC0415
        from ..models.tenant_status import TenantStatus # noqa: PLC0415
        tenants = []
        for tenants_item_data in self.tenants:
            tenants_item = tenants_item_data.to_dict()
            tenants.append(tenants_item)



        last_reload: dict[str, Any] | None | Unset
        if isinstance(self.last_reload, Unset):
            last_reload = UNSET
        elif isinstance(self.last_reload, AdminTenantsResponse200LastReloadType0):
            last_reload = self.last_reload.to_dict()
        else:
            last_reload = self.last_reload


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "tenants": tenants,
        })
        if last_reload is not UNSET:
            field_dict["last_reload"] = last_reload

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_tenants_response_200_last_reload_type_0 import AdminTenantsResponse200LastReloadType0 # noqa: PLC0415
        from ..models.tenant_status import TenantStatus # noqa: PLC0415
        d = dict(src_dict)
        tenants = []
        _tenants = d.pop("tenants")
        for tenants_item_data in (_tenants):
            tenants_item = TenantStatus.from_dict(tenants_item_data)



            tenants.append(tenants_item)


        def _parse_last_reload(data: object) -> AdminTenantsResponse200LastReloadType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_reload_type_0 = AdminTenantsResponse200LastReloadType0.from_dict(data)



                return last_reload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AdminTenantsResponse200LastReloadType0 | None | Unset, data)

        last_reload = _parse_last_reload(d.pop("last_reload", UNSET))


        admin_tenants_response_200 = cls(
            tenants=tenants,
            last_reload=last_reload,
        )


        admin_tenants_response_200.additional_properties = d
        return admin_tenants_response_200

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
