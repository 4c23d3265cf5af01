from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SubscriptionProgressAdditionalProperty")



@_attrs_define
class SubscriptionProgressAdditionalProperty:
    """ 
        Attributes:
            watermark (None | str | Unset): Every change before this time was delivered.
            lag_secs (int | Unset): Age of the oldest change not yet delivered (0 when none waits).
            last_cycle_at (None | str | Unset):
            last_error (None | str | Unset):
     """

    watermark: None | str | Unset = UNSET
    lag_secs: int | Unset = UNSET
    last_cycle_at: None | str | Unset = UNSET
    last_error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        watermark: None | str | Unset
        if isinstance(self.watermark, Unset):
            watermark = UNSET
        else:
            watermark = self.watermark

        lag_secs = self.lag_secs

        last_cycle_at: None | str | Unset
        if isinstance(self.last_cycle_at, Unset):
            last_cycle_at = UNSET
        else:
            last_cycle_at = self.last_cycle_at

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if watermark is not UNSET:
            field_dict["watermark"] = watermark
        if lag_secs is not UNSET:
            field_dict["lag_secs"] = lag_secs
        if last_cycle_at is not UNSET:
            field_dict["last_cycle_at"] = last_cycle_at
        if last_error is not UNSET:
            field_dict["last_error"] = last_error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_watermark(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        watermark = _parse_watermark(d.pop("watermark", UNSET))


        lag_secs = d.pop("lag_secs", UNSET)

        def _parse_last_cycle_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_cycle_at = _parse_last_cycle_at(d.pop("last_cycle_at", UNSET))


        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("last_error", UNSET))


        subscription_progress_additional_property = cls(
            watermark=watermark,
            lag_secs=lag_secs,
            last_cycle_at=last_cycle_at,
            last_error=last_error,
        )


        subscription_progress_additional_property.additional_properties = d
        return subscription_progress_additional_property

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
