from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.admin_subscription_replay_response_202_status import AdminSubscriptionReplayResponse202Status






T = TypeVar("T", bound="AdminSubscriptionReplayResponse202")



@_attrs_define
class AdminSubscriptionReplayResponse202:
    """ 
        Attributes:
            id (str):
            status (AdminSubscriptionReplayResponse202Status):
            since (str):
     """

    id: str
    status: AdminSubscriptionReplayResponse202Status
    since: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        since = self.since


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
            "since": since,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = AdminSubscriptionReplayResponse202Status(d.pop("status"))




        since = d.pop("since")

        admin_subscription_replay_response_202 = cls(
            id=id,
            status=status,
            since=since,
        )


        admin_subscription_replay_response_202.additional_properties = d
        return admin_subscription_replay_response_202

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
