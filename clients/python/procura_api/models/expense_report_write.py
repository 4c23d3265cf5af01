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
  from ..models.expense_report_write_expensed_by import ExpenseReportWriteExpensedBy
  from ..models.expense_report_write_lines_item import ExpenseReportWriteLinesItem





T = TypeVar("T", bound="ExpenseReportWrite")



@_attrs_define
class ExpenseReportWrite:
    """ Fields to write to an expense report. Required on create: title, expensed_by; an update (PATCH) names only the
    fields it changes, and the others stay as they are. Bodies are checked against this schema (with the tenant's custom
    fields) before anything is sent to the provider.

        Attributes:
            title (str | Unset): Title.
            status (str | Unset): Status.
            expensed_by (ExpenseReportWriteExpensedBy | Unset): Whose expenses.
            currency (str | Unset): ISO 4217 code.
            start_date (datetime.date | Unset): First day.
            end_date (datetime.date | Unset): Last day.
            lines (list[ExpenseReportWriteLinesItem] | Unset): Lines.
     """

    title: str | Unset = UNSET
    status: str | Unset = UNSET
    expensed_by: ExpenseReportWriteExpensedBy | Unset = UNSET
    currency: str | Unset = UNSET
    start_date: datetime.date | Unset = UNSET
    end_date: datetime.date | Unset = UNSET
    lines: list[ExpenseReportWriteLinesItem] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.expense_report_write_expensed_by import ExpenseReportWriteExpensedBy # noqa: PLC0415
        from ..models.expense_report_write_lines_item import ExpenseReportWriteLinesItem # noqa: PLC0415
        title = self.title

        status = self.status

        expensed_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.expensed_by, Unset):
            expensed_by = self.expensed_by.to_dict()

        currency = self.currency

        start_date: str | Unset = UNSET
        if not isinstance(self.start_date, Unset):
            start_date = self.start_date.isoformat()

        end_date: str | Unset = UNSET
        if not isinstance(self.end_date, Unset):
            end_date = self.end_date.isoformat()

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
        if status is not UNSET:
            field_dict["status"] = status
        if expensed_by is not UNSET:
            field_dict["expensed_by"] = expensed_by
        if currency is not UNSET:
            field_dict["currency"] = currency
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.expense_report_write_expensed_by import ExpenseReportWriteExpensedBy # noqa: PLC0415
        from ..models.expense_report_write_lines_item import ExpenseReportWriteLinesItem # noqa: PLC0415
        d = dict(src_dict)
        title = d.pop("title", UNSET)

        status = d.pop("status", UNSET)

        _expensed_by = d.pop("expensed_by", UNSET)
        expensed_by: ExpenseReportWriteExpensedBy | Unset
        if isinstance(_expensed_by,  Unset):
            expensed_by = UNSET
        else:
            expensed_by = ExpenseReportWriteExpensedBy.from_dict(_expensed_by)




        currency = d.pop("currency", UNSET)

        _start_date = d.pop("start_date", UNSET)
        start_date: datetime.date | Unset
        if isinstance(_start_date,  Unset):
            start_date = UNSET
        else:
            start_date = datetime.date.fromisoformat(_start_date)




        _end_date = d.pop("end_date", UNSET)
        end_date: datetime.date | Unset
        if isinstance(_end_date,  Unset):
            end_date = UNSET
        else:
            end_date = datetime.date.fromisoformat(_end_date)




        _lines = d.pop("lines", UNSET)
        lines: list[ExpenseReportWriteLinesItem] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = ExpenseReportWriteLinesItem.from_dict(lines_item_data)



                lines.append(lines_item)


        expense_report_write = cls(
            title=title,
            status=status,
            expensed_by=expensed_by,
            currency=currency,
            start_date=start_date,
            end_date=end_date,
            lines=lines,
        )

        return expense_report_write

