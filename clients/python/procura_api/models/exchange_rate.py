from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.exchange_rate_custom_fields import ExchangeRateCustomFields
  from ..models.exchange_rate_remote_data import ExchangeRateRemoteData





T = TypeVar("T", bound="ExchangeRate")



@_attrs_define
class ExchangeRate:
    """ An exchange rate.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (ExchangeRateCustomFields): Custom fields the tenant's overrides map; {} when none.
            from_currency (None | str | Unset): ISO 4217 code converted from.
            to_currency (None | str | Unset): ISO 4217 code converted to.
            rate (None | str | Unset): Rate.
            rate_date (datetime.datetime | None | Unset): When the rate applies from.
            remote_data (ExchangeRateRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: ExchangeRateCustomFields
    from_currency: None | str | Unset = UNSET
    to_currency: None | str | Unset = UNSET
    rate: None | str | Unset = UNSET
    rate_date: datetime.datetime | None | Unset = UNSET
    remote_data: ExchangeRateRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.exchange_rate_custom_fields import ExchangeRateCustomFields # noqa: PLC0415
        from ..models.exchange_rate_remote_data import ExchangeRateRemoteData # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        from_currency: None | str | Unset
        if isinstance(self.from_currency, Unset):
            from_currency = UNSET
        else:
            from_currency = self.from_currency

        to_currency: None | str | Unset
        if isinstance(self.to_currency, Unset):
            to_currency = UNSET
        else:
            to_currency = self.to_currency

        rate: None | str | Unset
        if isinstance(self.rate, Unset):
            rate = UNSET
        else:
            rate = self.rate

        rate_date: None | str | Unset
        if isinstance(self.rate_date, Unset):
            rate_date = UNSET
        elif isinstance(self.rate_date, datetime.datetime):
            rate_date = self.rate_date.isoformat()
        else:
            rate_date = self.rate_date

        remote_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.remote_data, Unset):
            remote_data = self.remote_data.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "created_at": created_at,
            "updated_at": updated_at,
            "custom_fields": custom_fields,
        })
        if from_currency is not UNSET:
            field_dict["from_currency"] = from_currency
        if to_currency is not UNSET:
            field_dict["to_currency"] = to_currency
        if rate is not UNSET:
            field_dict["rate"] = rate
        if rate_date is not UNSET:
            field_dict["rate_date"] = rate_date
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exchange_rate_custom_fields import ExchangeRateCustomFields # noqa: PLC0415
        from ..models.exchange_rate_remote_data import ExchangeRateRemoteData # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = ExchangeRateCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_from_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        from_currency = _parse_from_currency(d.pop("from_currency", UNSET))


        def _parse_to_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        to_currency = _parse_to_currency(d.pop("to_currency", UNSET))


        def _parse_rate(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rate = _parse_rate(d.pop("rate", UNSET))


        def _parse_rate_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rate_date_type_0 = datetime.datetime.fromisoformat(data)



                return rate_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        rate_date = _parse_rate_date(d.pop("rate_date", UNSET))


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: ExchangeRateRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = ExchangeRateRemoteData.from_dict(_remote_data)




        exchange_rate = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            from_currency=from_currency,
            to_currency=to_currency,
            rate=rate,
            rate_date=rate_date,
            remote_data=remote_data,
        )

        return exchange_rate

