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
  from ..models.department_custom_fields import DepartmentCustomFields
  from ..models.department_remote_data import DepartmentRemoteData





T = TypeVar("T", bound="Department")



@_attrs_define
class Department:
    """ A department.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (DepartmentCustomFields): Custom fields the tenant's overrides map; {} when none.
            name (None | str | Unset): Name.
            active (bool | Unset): Whether it is active.
            remote_data (DepartmentRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: DepartmentCustomFields
    name: None | str | Unset = UNSET
    active: bool | Unset = UNSET
    remote_data: DepartmentRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.department_custom_fields import DepartmentCustomFields # noqa: PLC0415
        from ..models.department_remote_data import DepartmentRemoteData # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        active = self.active

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
        if name is not UNSET:
            field_dict["name"] = name
        if active is not UNSET:
            field_dict["active"] = active
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.department_custom_fields import DepartmentCustomFields # noqa: PLC0415
        from ..models.department_remote_data import DepartmentRemoteData # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = DepartmentCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        active = d.pop("active", UNSET)

        _remote_data = d.pop("remote_data", UNSET)
        remote_data: DepartmentRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = DepartmentRemoteData.from_dict(_remote_data)




        department = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            name=name,
            active=active,
            remote_data=remote_data,
        )

        return department

