from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.subscription_events_item import SubscriptionEventsItem
from ..models.subscription_origin import SubscriptionOrigin
from ..models.subscription_status import SubscriptionStatus
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.subscription_progress import SubscriptionProgress





T = TypeVar("T", bound="Subscription")



@_attrs_define
class Subscription:
    """ A change-notification subscription (`[[subscriptions]]` or created at runtime); its secret is never shown.

        Attributes:
            id (str):
            tenant (str):
            resources (list[str]):
            events (list[SubscriptionEventsItem]):
            url (str):
            interval_secs (int):
            deletion_sweep_secs (int):
            retry_for_secs (int):
            origin (SubscriptionOrigin): Where it is defined; only runtime ones can be deleted here.
            status (SubscriptionStatus):
            progress (SubscriptionProgress): Per resource.
            disabled_reason (None | str | Unset):
     """

    id: str
    tenant: str
    resources: list[str]
    events: list[SubscriptionEventsItem]
    url: str
    interval_secs: int
    deletion_sweep_secs: int
    retry_for_secs: int
    origin: SubscriptionOrigin
    status: SubscriptionStatus
    progress: SubscriptionProgress
    disabled_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.subscription_progress import SubscriptionProgress # noqa: PLC0415
        id = self.id

        tenant = self.tenant

        resources = self.resources



        events = []
        for events_item_data in self.events:
            events_item = events_item_data.value
            events.append(events_item)



        url = self.url

        interval_secs = self.interval_secs

        deletion_sweep_secs = self.deletion_sweep_secs

        retry_for_secs = self.retry_for_secs

        origin = self.origin.value

        status = self.status.value

        progress = self.progress.to_dict()

        disabled_reason: None | str | Unset
        if isinstance(self.disabled_reason, Unset):
            disabled_reason = UNSET
        else:
            disabled_reason = self.disabled_reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "tenant": tenant,
            "resources": resources,
            "events": events,
            "url": url,
            "interval_secs": interval_secs,
            "deletion_sweep_secs": deletion_sweep_secs,
            "retry_for_secs": retry_for_secs,
            "origin": origin,
            "status": status,
            "progress": progress,
        })
        if disabled_reason is not UNSET:
            field_dict["disabled_reason"] = disabled_reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subscription_progress import SubscriptionProgress # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        tenant = d.pop("tenant")

        resources = cast(list[str], d.pop("resources"))


        events = []
        _events = d.pop("events")
        for events_item_data in (_events):
            events_item = SubscriptionEventsItem(events_item_data)



            events.append(events_item)


        url = d.pop("url")

        interval_secs = d.pop("interval_secs")

        deletion_sweep_secs = d.pop("deletion_sweep_secs")

        retry_for_secs = d.pop("retry_for_secs")

        origin = SubscriptionOrigin(d.pop("origin"))




        status = SubscriptionStatus(d.pop("status"))




        progress = SubscriptionProgress.from_dict(d.pop("progress"))




        def _parse_disabled_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason", UNSET))


        subscription = cls(
            id=id,
            tenant=tenant,
            resources=resources,
            events=events,
            url=url,
            interval_secs=interval_secs,
            deletion_sweep_secs=deletion_sweep_secs,
            retry_for_secs=retry_for_secs,
            origin=origin,
            status=status,
            progress=progress,
            disabled_reason=disabled_reason,
        )


        subscription.additional_properties = d
        return subscription

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
