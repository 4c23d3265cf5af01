from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="DeliveryAttempt")



@_attrs_define
class DeliveryAttempt:
    """ 
        Attributes:
            at (str):
            webhook_id (str):
            type_ (str):
            resource (str):
            attempt (int):
            latency_ms (int):
            ok (bool):
            record_id (None | str | Unset):
            status (int | None | Unset): The receiver's HTTP status; null when it did not answer.
            error (None | str | Unset):
     """

    at: str
    webhook_id: str
    type_: str
    resource: str
    attempt: int
    latency_ms: int
    ok: bool
    record_id: None | str | Unset = UNSET
    status: int | None | Unset = UNSET
    error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        at = self.at

        webhook_id = self.webhook_id

        type_ = self.type_

        resource = self.resource

        attempt = self.attempt

        latency_ms = self.latency_ms

        ok = self.ok

        record_id: None | str | Unset
        if isinstance(self.record_id, Unset):
            record_id = UNSET
        else:
            record_id = self.record_id

        status: int | None | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "at": at,
            "webhook_id": webhook_id,
            "type": type_,
            "resource": resource,
            "attempt": attempt,
            "latency_ms": latency_ms,
            "ok": ok,
        })
        if record_id is not UNSET:
            field_dict["record_id"] = record_id
        if status is not UNSET:
            field_dict["status"] = status
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = d.pop("at")

        webhook_id = d.pop("webhook_id")

        type_ = d.pop("type")

        resource = d.pop("resource")

        attempt = d.pop("attempt")

        latency_ms = d.pop("latency_ms")

        ok = d.pop("ok")

        def _parse_record_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        record_id = _parse_record_id(d.pop("record_id", UNSET))


        def _parse_status(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))


        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        delivery_attempt = cls(
            at=at,
            webhook_id=webhook_id,
            type_=type_,
            resource=resource,
            attempt=attempt,
            latency_ms=latency_ms,
            ok=ok,
            record_id=record_id,
            status=status,
            error=error,
        )


        delivery_attempt.additional_properties = d
        return delivery_attempt

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
