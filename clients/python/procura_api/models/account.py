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
  from ..models.account_custom_fields import AccountCustomFields
  from ..models.account_remote_data import AccountRemoteData
  from ..models.ref import Ref





T = TypeVar("T", bound="Account")



@_attrs_define
class Account:
    """ A chart-of-accounts combination.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (AccountCustomFields): Custom fields the tenant's overrides map; {} when none.
            code (None | str | Unset): Account code.
            name (None | str | Unset): Name.
            active (bool | Unset): Whether it is active.
            account_type (None | Ref | Unset): Chart of accounts.
            segments (list[str] | Unset): Segment values, in order, empty ones left out.
            remote_data (AccountRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: AccountCustomFields
    code: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    active: bool | Unset = UNSET
    account_type: None | Ref | Unset = UNSET
    segments: list[str] | Unset = UNSET
    remote_data: AccountRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.account_custom_fields import AccountCustomFields # noqa: PLC0415
        from ..models.account_remote_data import AccountRemoteData # noqa: PLC0415
        from ..models.ref import Ref # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        active = self.active

        account_type: dict[str, Any] | None | Unset
        if isinstance(self.account_type, Unset):
            account_type = UNSET
        elif isinstance(self.account_type, Ref):
            account_type = self.account_type.to_dict()
        else:
            account_type = self.account_type

        segments: list[str] | Unset = UNSET
        if not isinstance(self.segments, Unset):
            segments = self.segments



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
        if code is not UNSET:
            field_dict["code"] = code
        if name is not UNSET:
            field_dict["name"] = name
        if active is not UNSET:
            field_dict["active"] = active
        if account_type is not UNSET:
            field_dict["account_type"] = account_type
        if segments is not UNSET:
            field_dict["segments"] = segments
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_custom_fields import AccountCustomFields # noqa: PLC0415
        from ..models.account_remote_data import AccountRemoteData # noqa: PLC0415
        from ..models.ref import Ref # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = AccountCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))


        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        active = d.pop("active", UNSET)

        def _parse_account_type(data: object) -> None | Ref | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                account_type_type_0 = Ref.from_dict(data)



                return account_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Ref | Unset, data)

        account_type = _parse_account_type(d.pop("account_type", UNSET))


        segments = cast(list[str], d.pop("segments", UNSET))


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: AccountRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = AccountRemoteData.from_dict(_remote_data)




        account = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            code=code,
            name=name,
            active=active,
            account_type=account_type,
            segments=segments,
            remote_data=remote_data,
        )

        return account

