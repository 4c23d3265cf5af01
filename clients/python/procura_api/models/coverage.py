from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.coverage_provider import CoverageProvider
from typing import cast

if TYPE_CHECKING:
  from ..models.coverage_resources_item import CoverageResourcesItem





T = TypeVar("T", bound="Coverage")



@_attrs_define
class Coverage:
    """ What a tenant's provider supports.

        Attributes:
            tenant_id (str):
            provider (CoverageProvider):
            resources (list[CoverageResourcesItem]):
     """

    tenant_id: str
    provider: CoverageProvider
    resources: list[CoverageResourcesItem]





    def to_dict(self) -> dict[str, Any]:
        from ..models.coverage_resources_item import CoverageResourcesItem # noqa: PLC0415
        tenant_id = self.tenant_id

        provider = self.provider.value

        resources = []
        for resources_item_data in self.resources:
            resources_item = resources_item_data.to_dict()
            resources.append(resources_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "tenant_id": tenant_id,
            "provider": provider,
            "resources": resources,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.coverage_resources_item import CoverageResourcesItem # noqa: PLC0415
        d = dict(src_dict)
        tenant_id = d.pop("tenant_id")

        provider = CoverageProvider(d.pop("provider"))




        resources = []
        _resources = d.pop("resources")
        for resources_item_data in (_resources):
            resources_item = CoverageResourcesItem.from_dict(resources_item_data)



            resources.append(resources_item)


        coverage = cls(
            tenant_id=tenant_id,
            provider=provider,
            resources=resources,
        )

        return coverage

