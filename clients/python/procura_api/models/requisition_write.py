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
  from ..models.requisition_write_department import RequisitionWriteDepartment
  from ..models.requisition_write_lines_item import RequisitionWriteLinesItem
  from ..models.requisition_write_requester import RequisitionWriteRequester





T = TypeVar("T", bound="RequisitionWrite")



@_attrs_define
class RequisitionWrite:
    """ Fields of a new requisition (created only, never updated). Required: lines. Bodies are checked against this schema
    (with the tenant's custom fields) before anything is sent to the provider.

        Attributes:
            title (str | Unset): Title.
            requester (RequisitionWriteRequester | Unset): Requester.
            department (RequisitionWriteDepartment | Unset): Department.
            currency (str | Unset): ISO 4217 code.
            need_by_date (datetime.date | Unset): Date needed.
            justification (str | Unset): Justification.
            ship_to_attention (str | Unset): Attention line.
            lines (list[RequisitionWriteLinesItem] | Unset): Lines.
     """

    title: str | Unset = UNSET
    requester: RequisitionWriteRequester | Unset = UNSET
    department: RequisitionWriteDepartment | Unset = UNSET
    currency: str | Unset = UNSET
    need_by_date: datetime.date | Unset = UNSET
    justification: str | Unset = UNSET
    ship_to_attention: str | Unset = UNSET
    lines: list[RequisitionWriteLinesItem] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.requisition_write_department import RequisitionWriteDepartment # noqa: PLC0415
        from ..models.requisition_write_lines_item import RequisitionWriteLinesItem # noqa: PLC0415
        from ..models.requisition_write_requester import RequisitionWriteRequester # noqa: PLC0415
        title = self.title

        requester: dict[str, Any] | Unset = UNSET
        if not isinstance(self.requester, Unset):
            requester = self.requester.to_dict()

        department: dict[str, Any] | Unset = UNSET
        if not isinstance(self.department, Unset):
            department = self.department.to_dict()

        currency = self.currency

        need_by_date: str | Unset = UNSET
        if not isinstance(self.need_by_date, Unset):
            need_by_date = self.need_by_date.isoformat()

        justification = self.justification

        ship_to_attention = self.ship_to_attention

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if title is not UNSET:
            field_dict["title"] = title
        if requester is not UNSET:
            field_dict["requester"] = requester
        if department is not UNSET:
            field_dict["department"] = department
        if currency is not UNSET:
            field_dict["currency"] = currency
        if need_by_date is not UNSET:
            field_dict["need_by_date"] = need_by_date
        if justification is not UNSET:
            field_dict["justification"] = justification
        if ship_to_attention is not UNSET:
            field_dict["ship_to_attention"] = ship_to_attention
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.requisition_write_department import RequisitionWriteDepartment # noqa: PLC0415
        from ..models.requisition_write_lines_item import RequisitionWriteLinesItem # noqa: PLC0415
        from ..models.requisition_write_requester import RequisitionWriteRequester # noqa: PLC0415
        d = dict(src_dict)
        title = d.pop("title", UNSET)

        _requester = d.pop("requester", UNSET)
        requester: RequisitionWriteRequester | Unset
        if isinstance(_requester,  Unset):
            requester = UNSET
        else:
            requester = RequisitionWriteRequester.from_dict(_requester)




        _department = d.pop("department", UNSET)
        department: RequisitionWriteDepartment | Unset
        if isinstance(_department,  Unset):
            department = UNSET
        else:
            department = RequisitionWriteDepartment.from_dict(_department)




        currency = d.pop("currency", UNSET)

        _need_by_date = d.pop("need_by_date", UNSET)
        need_by_date: datetime.date | Unset
        if isinstance(_need_by_date,  Unset):
            need_by_date = UNSET
        else:
            need_by_date = datetime.date.fromisoformat(_need_by_date)




        justification = d.pop("justification", UNSET)

        ship_to_attention = d.pop("ship_to_attention", UNSET)

        _lines = d.pop("lines", UNSET)
        lines: list[RequisitionWriteLinesItem] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = RequisitionWriteLinesItem.from_dict(lines_item_data)



                lines.append(lines_item)


        requisition_write = cls(
            title=title,
            requester=requester,
            department=department,
            currency=currency,
            need_by_date=need_by_date,
            justification=justification,
            ship_to_attention=ship_to_attention,
            lines=lines,
        )

        return requisition_write

