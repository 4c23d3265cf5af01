from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.department import Department





T = TypeVar("T", bound="DepartmentList")



@_attrs_define
class DepartmentList:
    """ A page of departments.

        Attributes:
            result (list[Department]):
            next_cursor (None | str): Pass as `cursor` for the next page; null on the last page.
            sync_token (str | Unset): On the last page: pass as `sync_token` on the next run to get what changed since this
                run began.
     """

    result: list[Department]
    next_cursor: None | str
    sync_token: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.department import Department # noqa: PLC0415
        result = []
        for result_item_data in self.result:
            result_item = result_item_data.to_dict()
            result.append(result_item)



        next_cursor: None | str
        next_cursor = self.next_cursor

        sync_token = self.sync_token


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "result": result,
            "next_cursor": next_cursor,
        })
        if sync_token is not UNSET:
            field_dict["sync_token"] = sync_token

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.department import Department # noqa: PLC0415
        d = dict(src_dict)
        result = []
        _result = d.pop("result")
        for result_item_data in (_result):
            result_item = Department.from_dict(result_item_data)



            result.append(result_item)


        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))


        sync_token = d.pop("sync_token", UNSET)

        department_list = cls(
            result=result,
            next_cursor=next_cursor,
            sync_token=sync_token,
        )

        return department_list

