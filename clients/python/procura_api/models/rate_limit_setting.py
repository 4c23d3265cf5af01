from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="RateLimitSetting")



@_attrs_define
class RateLimitSetting:
    """ 
        Attributes:
            requests (int):
            window_secs (int | Unset):  Default: 1.
     """

    requests: int
    window_secs: int | Unset = 1





    def to_dict(self) -> dict[str, Any]:
        requests = self.requests

        window_secs = self.window_secs


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "requests": requests,
        })
        if window_secs is not UNSET:
            field_dict["window_secs"] = window_secs

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        requests = d.pop("requests")

        window_secs = d.pop("window_secs", UNSET)

        rate_limit_setting = cls(
            requests=requests,
            window_secs=window_secs,
        )

        return rate_limit_setting

