from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PreviewProjectionType0")



@_attrs_define
class PreviewProjectionType0:
    """ The provider's field selection with the override and with the base mapping (null for the whole record), and the
    fields the override reads; null when it does not compile.

        Attributes:
            fields (None | str | Unset):
            base_fields (None | str | Unset):
            override_reads (list[str] | Unset):
     """

    fields: None | str | Unset = UNSET
    base_fields: None | str | Unset = UNSET
    override_reads: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        fields: None | str | Unset
        if isinstance(self.fields, Unset):
            fields = UNSET
        else:
            fields = self.fields

        base_fields: None | str | Unset
        if isinstance(self.base_fields, Unset):
            base_fields = UNSET
        else:
            base_fields = self.base_fields

        override_reads: list[str] | Unset = UNSET
        if not isinstance(self.override_reads, Unset):
            override_reads = self.override_reads




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if fields is not UNSET:
            field_dict["fields"] = fields
        if base_fields is not UNSET:
            field_dict["base_fields"] = base_fields
        if override_reads is not UNSET:
            field_dict["override_reads"] = override_reads

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_fields(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fields = _parse_fields(d.pop("fields", UNSET))


        def _parse_base_fields(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_fields = _parse_base_fields(d.pop("base_fields", UNSET))


        override_reads = cast(list[str], d.pop("override_reads", UNSET))


        preview_projection_type_0 = cls(
            fields=fields,
            base_fields=base_fields,
            override_reads=override_reads,
        )


        preview_projection_type_0.additional_properties = d
        return preview_projection_type_0

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
