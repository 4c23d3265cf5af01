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
  from ..models.ref import Ref
  from ..models.user_custom_fields import UserCustomFields
  from ..models.user_ref import UserRef
  from ..models.user_remote_data import UserRemoteData





T = TypeVar("T", bound="User")



@_attrs_define
class User:
    """ A user of the tenant's procurement system.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (UserCustomFields): Custom fields the tenant's overrides map; {} when none.
            login (None | str | Unset): Login.
            email (None | str | Unset): Email address.
            first_name (None | str | Unset): First name.
            last_name (None | str | Unset): Last name.
            full_name (None | str | Unset): Full name.
            active (bool | Unset): Whether the user is active.
            employee_number (None | str | Unset): Employee number.
            department (None | Ref | Unset): Department.
            manager (None | Unset | UserRef): Manager.
            default_currency (None | str | Unset): ISO 4217 currency code.
            roles (list[str] | Unset): Role names.
            remote_data (UserRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: UserCustomFields
    login: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    first_name: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    full_name: None | str | Unset = UNSET
    active: bool | Unset = UNSET
    employee_number: None | str | Unset = UNSET
    department: None | Ref | Unset = UNSET
    manager: None | Unset | UserRef = UNSET
    default_currency: None | str | Unset = UNSET
    roles: list[str] | Unset = UNSET
    remote_data: UserRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.ref import Ref # noqa: PLC0415
        from ..models.user_custom_fields import UserCustomFields # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        from ..models.user_remote_data import UserRemoteData # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        login: None | str | Unset
        if isinstance(self.login, Unset):
            login = UNSET
        else:
            login = self.login

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        active = self.active

        employee_number: None | str | Unset
        if isinstance(self.employee_number, Unset):
            employee_number = UNSET
        else:
            employee_number = self.employee_number

        department: dict[str, Any] | None | Unset
        if isinstance(self.department, Unset):
            department = UNSET
        elif isinstance(self.department, Ref):
            department = self.department.to_dict()
        else:
            department = self.department

        manager: dict[str, Any] | None | Unset
        if isinstance(self.manager, Unset):
            manager = UNSET
        elif isinstance(self.manager, UserRef):
            manager = self.manager.to_dict()
        else:
            manager = self.manager

        default_currency: None | str | Unset
        if isinstance(self.default_currency, Unset):
            default_currency = UNSET
        else:
            default_currency = self.default_currency

        roles: list[str] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = self.roles



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
        if login is not UNSET:
            field_dict["login"] = login
        if email is not UNSET:
            field_dict["email"] = email
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if active is not UNSET:
            field_dict["active"] = active
        if employee_number is not UNSET:
            field_dict["employee_number"] = employee_number
        if department is not UNSET:
            field_dict["department"] = department
        if manager is not UNSET:
            field_dict["manager"] = manager
        if default_currency is not UNSET:
            field_dict["default_currency"] = default_currency
        if roles is not UNSET:
            field_dict["roles"] = roles
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ref import Ref # noqa: PLC0415
        from ..models.user_custom_fields import UserCustomFields # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        from ..models.user_remote_data import UserRemoteData # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = UserCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_login(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        login = _parse_login(d.pop("login", UNSET))


        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))


        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))


        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))


        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("full_name", UNSET))


        active = d.pop("active", UNSET)

        def _parse_employee_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        employee_number = _parse_employee_number(d.pop("employee_number", UNSET))


        def _parse_department(data: object) -> None | Ref | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                department_type_0 = Ref.from_dict(data)



                return department_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Ref | Unset, data)

        department = _parse_department(d.pop("department", UNSET))


        def _parse_manager(data: object) -> None | Unset | UserRef:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                manager_type_0 = UserRef.from_dict(data)



                return manager_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserRef, data)

        manager = _parse_manager(d.pop("manager", UNSET))


        def _parse_default_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_currency = _parse_default_currency(d.pop("default_currency", UNSET))


        roles = cast(list[str], d.pop("roles", UNSET))


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: UserRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = UserRemoteData.from_dict(_remote_data)




        user = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            login=login,
            email=email,
            first_name=first_name,
            last_name=last_name,
            full_name=full_name,
            active=active,
            employee_number=employee_number,
            department=department,
            manager=manager,
            default_currency=default_currency,
            roles=roles,
            remote_data=remote_data,
        )

        return user

