from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.admin_restore_override_response_200_source import AdminRestoreOverrideResponse200Source
from typing import cast

if TYPE_CHECKING:
  from ..models.admin_restore_override_response_200_versions_item import AdminRestoreOverrideResponse200VersionsItem





T = TypeVar("T", bound="AdminRestoreOverrideResponse200")



@_attrs_define
class AdminRestoreOverrideResponse200:
    """ 
        Attributes:
            tenant_id (str):
            resource (str):
            source (AdminRestoreOverrideResponse200Source): studio (saved here), file (the tenant's override file) or none.
            text (str):
            version (int | None):
            versions (list[AdminRestoreOverrideResponse200VersionsItem]):
     """

    tenant_id: str
    resource: str
    source: AdminRestoreOverrideResponse200Source
    text: str
    version: int | None
    versions: list[AdminRestoreOverrideResponse200VersionsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_restore_override_response_200_versions_item import AdminRestoreOverrideResponse200VersionsItem # noqa: PLC0415
        tenant_id = self.tenant_id

        resource = self.resource

        source = self.source.value

        text = self.text

        version: int | None
        version = self.version

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "tenant_id": tenant_id,
            "resource": resource,
            "source": source,
            "text": text,
            "version": version,
            "versions": versions,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_restore_override_response_200_versions_item import AdminRestoreOverrideResponse200VersionsItem # noqa: PLC0415
        d = dict(src_dict)
        tenant_id = d.pop("tenant_id")

        resource = d.pop("resource")

        source = AdminRestoreOverrideResponse200Source(d.pop("source"))




        text = d.pop("text")

        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))


        versions = []
        _versions = d.pop("versions")
        for versions_item_data in (_versions):
            versions_item = AdminRestoreOverrideResponse200VersionsItem.from_dict(versions_item_data)



            versions.append(versions_item)


        admin_restore_override_response_200 = cls(
            tenant_id=tenant_id,
            resource=resource,
            source=source,
            text=text,
            version=version,
            versions=versions,
        )


        admin_restore_override_response_200.additional_properties = d
        return admin_restore_override_response_200

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
