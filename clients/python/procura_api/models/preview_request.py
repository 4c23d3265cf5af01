from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.preview_request_records_item import PreviewRequestRecordsItem





T = TypeVar("T", bound="PreviewRequest")



@_attrs_define
class PreviewRequest:
    """ 
        Attributes:
            tenant_id (str):
            resource (str):
            override (str): The override's YAML; empty for none.
            sample (int | Unset): Live records to read when records is not given. Default: 5.
            records (list[PreviewRequestRecordsItem] | Unset): Raw provider records to map instead of live ones.
     """

    tenant_id: str
    resource: str
    override: str
    sample: int | Unset = 5
    records: list[PreviewRequestRecordsItem] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_request_records_item import PreviewRequestRecordsItem # noqa: PLC0415
        tenant_id = self.tenant_id

        resource = self.resource

        override = self.override

        sample = self.sample

        records: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.records, Unset):
            records = []
            for records_item_data in self.records:
                records_item = records_item_data.to_dict()
                records.append(records_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "tenant_id": tenant_id,
            "resource": resource,
            "override": override,
        })
        if sample is not UNSET:
            field_dict["sample"] = sample
        if records is not UNSET:
            field_dict["records"] = records

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_request_records_item import PreviewRequestRecordsItem # noqa: PLC0415
        d = dict(src_dict)
        tenant_id = d.pop("tenant_id")

        resource = d.pop("resource")

        override = d.pop("override")

        sample = d.pop("sample", UNSET)

        _records = d.pop("records", UNSET)
        records: list[PreviewRequestRecordsItem] | Unset = UNSET
        if _records is not UNSET:
            records = []
            for records_item_data in _records:
                records_item = PreviewRequestRecordsItem.from_dict(records_item_data)



                records.append(records_item)


        preview_request = cls(
            tenant_id=tenant_id,
            resource=resource,
            override=override,
            sample=sample,
            records=records,
        )

        return preview_request

