from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="AdminRestoreOverrideResponse200VersionsItem")



@_attrs_define
class AdminRestoreOverrideResponse200VersionsItem:
    """ 
        Attributes:
            version (int):
            saved_at (datetime.datetime):
            by (str): The admin key that saved it, by the first 8 hex digits of its SHA-256.
            restored_from (int | None | Unset):
     """

    version: int
    saved_at: datetime.datetime
    by: str
    restored_from: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        version = self.version

        saved_at = self.saved_at.isoformat()

        by = self.by

        restored_from: int | None | Unset
        if isinstance(self.restored_from, Unset):
            restored_from = UNSET
        else:
            restored_from = self.restored_from


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "saved_at": saved_at,
            "by": by,
        })
        if restored_from is not UNSET:
            field_dict["restored_from"] = restored_from

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version = d.pop("version")

        saved_at = datetime.datetime.fromisoformat(d.pop("saved_at"))




        by = d.pop("by")

        def _parse_restored_from(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        restored_from = _parse_restored_from(d.pop("restored_from", UNSET))


        admin_restore_override_response_200_versions_item = cls(
            version=version,
            saved_at=saved_at,
            by=by,
            restored_from=restored_from,
        )


        admin_restore_override_response_200_versions_item.additional_properties = d
        return admin_restore_override_response_200_versions_item

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
