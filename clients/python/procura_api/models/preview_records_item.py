from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.preview_records_item_base import PreviewRecordsItemBase
  from ..models.preview_records_item_diff_item import PreviewRecordsItemDiffItem
  from ..models.preview_records_item_raw import PreviewRecordsItemRaw
  from ..models.preview_records_item_violations_item import PreviewRecordsItemViolationsItem





T = TypeVar("T", bound="PreviewRecordsItem")



@_attrs_define
class PreviewRecordsItem:
    """ Per record: id, raw, base (the output without the override), output, diff (added, removed and changed fields),
    violations of the tenant's schema, or error / base_error when mapping failed.

        Attributes:
            raw (PreviewRecordsItemRaw | Unset):
            base (PreviewRecordsItemBase | Unset):
            output (Any | Unset):
            diff (list[PreviewRecordsItemDiffItem] | Unset):
            violations (list[PreviewRecordsItemViolationsItem] | Unset):
            error (str | Unset):
            base_error (str | Unset):
     """

    raw: PreviewRecordsItemRaw | Unset = UNSET
    base: PreviewRecordsItemBase | Unset = UNSET
    output: Any | Unset = UNSET
    diff: list[PreviewRecordsItemDiffItem] | Unset = UNSET
    violations: list[PreviewRecordsItemViolationsItem] | Unset = UNSET
    error: str | Unset = UNSET
    base_error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_records_item_base import PreviewRecordsItemBase # noqa: PLC0415
        from ..models.preview_records_item_diff_item import PreviewRecordsItemDiffItem # noqa: PLC0415
        from ..models.preview_records_item_raw import PreviewRecordsItemRaw # noqa: PLC0415
        from ..models.preview_records_item_violations_item import PreviewRecordsItemViolationsItem # noqa: PLC0415
        raw: dict[str, Any] | Unset = UNSET
        if not isinstance(self.raw, Unset):
            raw = self.raw.to_dict()

        base: dict[str, Any] | Unset = UNSET
        if not isinstance(self.base, Unset):
            base = self.base.to_dict()

        output = self.output

        diff: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.diff, Unset):
            diff = []
            for diff_item_data in self.diff:
                diff_item = diff_item_data.to_dict()
                diff.append(diff_item)



        violations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.violations, Unset):
            violations = []
            for violations_item_data in self.violations:
                violations_item = violations_item_data.to_dict()
                violations.append(violations_item)



        error = self.error

        base_error = self.base_error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if raw is not UNSET:
            field_dict["raw"] = raw
        if base is not UNSET:
            field_dict["base"] = base
        if output is not UNSET:
            field_dict["output"] = output
        if diff is not UNSET:
            field_dict["diff"] = diff
        if violations is not UNSET:
            field_dict["violations"] = violations
        if error is not UNSET:
            field_dict["error"] = error
        if base_error is not UNSET:
            field_dict["base_error"] = base_error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_records_item_base import PreviewRecordsItemBase # noqa: PLC0415
        from ..models.preview_records_item_diff_item import PreviewRecordsItemDiffItem # noqa: PLC0415
        from ..models.preview_records_item_raw import PreviewRecordsItemRaw # noqa: PLC0415
        from ..models.preview_records_item_violations_item import PreviewRecordsItemViolationsItem # noqa: PLC0415
        d = dict(src_dict)
        _raw = d.pop("raw", UNSET)
        raw: PreviewRecordsItemRaw | Unset
        if isinstance(_raw,  Unset):
            raw = UNSET
        else:
            raw = PreviewRecordsItemRaw.from_dict(_raw)




        _base = d.pop("base", UNSET)
        base: PreviewRecordsItemBase | Unset
        if isinstance(_base,  Unset):
            base = UNSET
        else:
            base = PreviewRecordsItemBase.from_dict(_base)




        output = d.pop("output", UNSET)

        _diff = d.pop("diff", UNSET)
        diff: list[PreviewRecordsItemDiffItem] | Unset = UNSET
        if _diff is not UNSET:
            diff = []
            for diff_item_data in _diff:
                diff_item = PreviewRecordsItemDiffItem.from_dict(diff_item_data)



                diff.append(diff_item)


        _violations = d.pop("violations", UNSET)
        violations: list[PreviewRecordsItemViolationsItem] | Unset = UNSET
        if _violations is not UNSET:
            violations = []
            for violations_item_data in _violations:
                violations_item = PreviewRecordsItemViolationsItem.from_dict(violations_item_data)



                violations.append(violations_item)


        error = d.pop("error", UNSET)

        base_error = d.pop("base_error", UNSET)

        preview_records_item = cls(
            raw=raw,
            base=base,
            output=output,
            diff=diff,
            violations=violations,
            error=error,
            base_error=base_error,
        )


        preview_records_item.additional_properties = d
        return preview_records_item

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
