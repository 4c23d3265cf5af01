from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.user_write_department import UserWriteDepartment





T = TypeVar("T", bound="UserWrite")



@_attrs_define
class UserWrite:
    """ Fields to write to a user. Required on create: login, email; an update (PATCH) names only the fields it changes, and
    the others stay as they are. Bodies are checked against this schema (with the tenant's custom fields) before
    anything is sent to the provider.

        Attributes:
            login (str | Unset): Login.
            email (str | Unset): Email.
            first_name (str | Unset): First name.
            last_name (str | Unset): Last name.
            active (bool | Unset): Active.
            employee_number (str | Unset): Employee number.
            department (UserWriteDepartment | Unset): Department.
            default_currency (str | Unset): ISO 4217 code.
     """

    login: str | Unset = UNSET
    email: str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    active: bool | Unset = UNSET
    employee_number: str | Unset = UNSET
    department: UserWriteDepartment | Unset = UNSET
    default_currency: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.user_write_department import UserWriteDepartment # noqa: PLC0415
        login = self.login

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        active = self.active

        employee_number = self.employee_number

        department: dict[str, Any] | Unset = UNSET
        if not isinstance(self.department, Unset):
            department = self.department.to_dict()

        default_currency = self.default_currency


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if login is not UNSET:
            field_dict["login"] = login
        if email is not UNSET:
            field_dict["email"] = email
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if active is not UNSET:
            field_dict["active"] = active
        if employee_number is not UNSET:
            field_dict["employee_number"] = employee_number
        if department is not UNSET:
            field_dict["department"] = department
        if default_currency is not UNSET:
            field_dict["default_currency"] = default_currency

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_write_department import UserWriteDepartment # noqa: PLC0415
        d = dict(src_dict)
        login = d.pop("login", UNSET)

        email = d.pop("email", UNSET)

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        active = d.pop("active", UNSET)

        employee_number = d.pop("employee_number", UNSET)

        _department = d.pop("department", UNSET)
        department: UserWriteDepartment | Unset
        if isinstance(_department,  Unset):
            department = UNSET
        else:
            department = UserWriteDepartment.from_dict(_department)




        default_currency = d.pop("default_currency", UNSET)

        user_write = cls(
            login=login,
            email=email,
            first_name=first_name,
            last_name=last_name,
            active=active,
            employee_number=employee_number,
            department=department,
            default_currency=default_currency,
        )

        return user_write

