from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.subscription_create_events_item import SubscriptionCreateEventsItem
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SubscriptionCreate")



@_attrs_define
class SubscriptionCreate:
    """ A subscription as a config file's `[[subscriptions]]` entry has it.

        Attributes:
            id (str):
            tenant (str): A tenant in service (config file or runtime) the admin key lists.
            resources (list[str]): Unified resources of the tenant, such as purchase_orders.
            url (str): Where events are posted; https, or http on a loopback host; a host of `[studio] subscription_hosts`
                when set.
            secret (str): "whsec_" and the base64 of 24 to 64 random bytes (Standard Webhooks). Never shown again.
            events (list[SubscriptionCreateEventsItem] | Unset):
            interval_secs (int | Unset): Poll period (the least is `[server] subscription_min_interval_secs`, 5). Default:
                60.
            deletion_sweep_secs (int | Unset): Id sweep period for deleted events. Default: 3600.
            retry_for_secs (int | Unset): How long failing deliveries are retried before the subscription is disabled.
                Default: 86400.
     """

    id: str
    tenant: str
    resources: list[str]
    url: str
    secret: str
    events: list[SubscriptionCreateEventsItem] | Unset = UNSET
    interval_secs: int | Unset = 60
    deletion_sweep_secs: int | Unset = 3600
    retry_for_secs: int | Unset = 86400





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        tenant = self.tenant

        resources = self.resources



        url = self.url

        secret = self.secret

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.value
                events.append(events_item)



        interval_secs = self.interval_secs

        deletion_sweep_secs = self.deletion_sweep_secs

        retry_for_secs = self.retry_for_secs


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "tenant": tenant,
            "resources": resources,
            "url": url,
            "secret": secret,
        })
        if events is not UNSET:
            field_dict["events"] = events
        if interval_secs is not UNSET:
            field_dict["interval_secs"] = interval_secs
        if deletion_sweep_secs is not UNSET:
            field_dict["deletion_sweep_secs"] = deletion_sweep_secs
        if retry_for_secs is not UNSET:
            field_dict["retry_for_secs"] = retry_for_secs

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        tenant = d.pop("tenant")

        resources = cast(list[str], d.pop("resources"))


        url = d.pop("url")

        secret = d.pop("secret")

        _events = d.pop("events", UNSET)
        events: list[SubscriptionCreateEventsItem] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = SubscriptionCreateEventsItem(events_item_data)



                events.append(events_item)


        interval_secs = d.pop("interval_secs", UNSET)

        deletion_sweep_secs = d.pop("deletion_sweep_secs", UNSET)

        retry_for_secs = d.pop("retry_for_secs", UNSET)

        subscription_create = cls(
            id=id,
            tenant=tenant,
            resources=resources,
            url=url,
            secret=secret,
            events=events,
            interval_secs=interval_secs,
            deletion_sweep_secs=deletion_sweep_secs,
            retry_for_secs=retry_for_secs,
        )

        return subscription_create

