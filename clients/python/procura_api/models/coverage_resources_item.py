from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="CoverageResourcesItem")



@_attrs_define
class CoverageResourcesItem:
    """ 
        Attributes:
            resource (str):
            supported (bool):
            operations (list[str]): list, get, create, update and the resource's actions.
            filters (list[str]):
     """

    resource: str
    supported: bool
    operations: list[str]
    filters: list[str]





    def to_dict(self) -> dict[str, Any]:
        resource = self.resource

        supported = self.supported

        operations = self.operations



        filters = self.filters




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "resource": resource,
            "supported": supported,
            "operations": operations,
            "filters": filters,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        resource = d.pop("resource")

        supported = d.pop("supported")

        operations = cast(list[str], d.pop("operations"))


        filters = cast(list[str], d.pop("filters"))


        coverage_resources_item = cls(
            resource=resource,
            supported=supported,
            operations=operations,
            filters=filters,
        )

        return coverage_resources_item

