from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.preview_errors_item import PreviewErrorsItem
  from ..models.preview_projection_type_0 import PreviewProjectionType0
  from ..models.preview_records_item import PreviewRecordsItem





T = TypeVar("T", bound="Preview")



@_attrs_define
class Preview:
    """ 
        Attributes:
            ok (bool): Whether the override compiles.
            errors (list[PreviewErrorsItem]):
            records (list[PreviewRecordsItem]):
            projection (None | PreviewProjectionType0): The provider's field selection with the override and with the base
                mapping (null for the whole record), and the fields the override reads; null when it does not compile.
     """

    ok: bool
    errors: list[PreviewErrorsItem]
    records: list[PreviewRecordsItem]
    projection: None | PreviewProjectionType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_errors_item import PreviewErrorsItem # noqa: PLC0415
        from ..models.preview_projection_type_0 import PreviewProjectionType0 # noqa: PLC0415
        from ..models.preview_records_item import PreviewRecordsItem # noqa: PLC0415
        ok = self.ok

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)



        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)



        projection: dict[str, Any] | None
        if isinstance(self.projection, PreviewProjectionType0):
            projection = self.projection.to_dict()
        else:
            projection = self.projection


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "ok": ok,
            "errors": errors,
            "records": records,
            "projection": projection,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_errors_item import PreviewErrorsItem # noqa: PLC0415
        from ..models.preview_projection_type_0 import PreviewProjectionType0 # noqa: PLC0415
        from ..models.preview_records_item import PreviewRecordsItem # noqa: PLC0415
        d = dict(src_dict)
        ok = d.pop("ok")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in (_errors):
            errors_item = PreviewErrorsItem.from_dict(errors_item_data)



            errors.append(errors_item)


        records = []
        _records = d.pop("records")
        for records_item_data in (_records):
            records_item = PreviewRecordsItem.from_dict(records_item_data)



            records.append(records_item)


        def _parse_projection(data: object) -> None | PreviewProjectionType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                projection_type_0 = PreviewProjectionType0.from_dict(data)



                return projection_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreviewProjectionType0, data)

        projection = _parse_projection(d.pop("projection"))


        preview = cls(
            ok=ok,
            errors=errors,
            records=records,
            projection=projection,
        )


        preview.additional_properties = d
        return preview

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
