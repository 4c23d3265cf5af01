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
  from ..models.expense_line import ExpenseLine
  from ..models.expense_report_custom_fields import ExpenseReportCustomFields
  from ..models.expense_report_remote_data import ExpenseReportRemoteData
  from ..models.user_ref import UserRef





T = TypeVar("T", bound="ExpenseReport")



@_attrs_define
class ExpenseReport:
    """ An expense report.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (ExpenseReportCustomFields): Custom fields the tenant's overrides map; {} when none.
            title (None | str | Unset): Title.
            status (None | str | Unset): draft, pending_approval, approved, paid, …
            expensed_by (None | Unset | UserRef): Whose expenses.
            currency (None | str | Unset): ISO 4217 currency code.
            total (None | str | Unset): Total.
            reimbursable_total (None | str | Unset): Total reimbursable to the employee.
            start_date (datetime.date | None | Unset): First day covered.
            end_date (datetime.date | None | Unset): Last day covered.
            submitted_at (datetime.datetime | None | Unset): When it was submitted.
            paid (bool | Unset): Whether it is paid.
            exported (bool | Unset): Whether it was marked exported.
            lines (list[ExpenseLine] | Unset): Expense lines.
            remote_data (ExpenseReportRemoteData | Unset): The provider's raw record, untouched (only with
                remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: ExpenseReportCustomFields
    title: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    expensed_by: None | Unset | UserRef = UNSET
    currency: None | str | Unset = UNSET
    total: None | str | Unset = UNSET
    reimbursable_total: None | str | Unset = UNSET
    start_date: datetime.date | None | Unset = UNSET
    end_date: datetime.date | None | Unset = UNSET
    submitted_at: datetime.datetime | None | Unset = UNSET
    paid: bool | Unset = UNSET
    exported: bool | Unset = UNSET
    lines: list[ExpenseLine] | Unset = UNSET
    remote_data: ExpenseReportRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.expense_line import ExpenseLine # noqa: PLC0415
        from ..models.expense_report_custom_fields import ExpenseReportCustomFields # noqa: PLC0415
        from ..models.expense_report_remote_data import ExpenseReportRemoteData # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        expensed_by: dict[str, Any] | None | Unset
        if isinstance(self.expensed_by, Unset):
            expensed_by = UNSET
        elif isinstance(self.expensed_by, UserRef):
            expensed_by = self.expensed_by.to_dict()
        else:
            expensed_by = self.expensed_by

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        total: None | str | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        reimbursable_total: None | str | Unset
        if isinstance(self.reimbursable_total, Unset):
            reimbursable_total = UNSET
        else:
            reimbursable_total = self.reimbursable_total

        start_date: None | str | Unset
        if isinstance(self.start_date, Unset):
            start_date = UNSET
        elif isinstance(self.start_date, datetime.date):
            start_date = self.start_date.isoformat()
        else:
            start_date = self.start_date

        end_date: None | str | Unset
        if isinstance(self.end_date, Unset):
            end_date = UNSET
        elif isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        submitted_at: None | str | Unset
        if isinstance(self.submitted_at, Unset):
            submitted_at = UNSET
        elif isinstance(self.submitted_at, datetime.datetime):
            submitted_at = self.submitted_at.isoformat()
        else:
            submitted_at = self.submitted_at

        paid = self.paid

        exported = self.exported

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)



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
        if title is not UNSET:
            field_dict["title"] = title
        if status is not UNSET:
            field_dict["status"] = status
        if expensed_by is not UNSET:
            field_dict["expensed_by"] = expensed_by
        if currency is not UNSET:
            field_dict["currency"] = currency
        if total is not UNSET:
            field_dict["total"] = total
        if reimbursable_total is not UNSET:
            field_dict["reimbursable_total"] = reimbursable_total
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if submitted_at is not UNSET:
            field_dict["submitted_at"] = submitted_at
        if paid is not UNSET:
            field_dict["paid"] = paid
        if exported is not UNSET:
            field_dict["exported"] = exported
        if lines is not UNSET:
            field_dict["lines"] = lines
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.expense_line import ExpenseLine # noqa: PLC0415
        from ..models.expense_report_custom_fields import ExpenseReportCustomFields # noqa: PLC0415
        from ..models.expense_report_remote_data import ExpenseReportRemoteData # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = ExpenseReportCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))


        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))


        def _parse_expensed_by(data: object) -> None | Unset | UserRef:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expensed_by_type_0 = UserRef.from_dict(data)



                return expensed_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserRef, data)

        expensed_by = _parse_expensed_by(d.pop("expensed_by", UNSET))


        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        def _parse_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        total = _parse_total(d.pop("total", UNSET))


        def _parse_reimbursable_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reimbursable_total = _parse_reimbursable_total(d.pop("reimbursable_total", UNSET))


        def _parse_start_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_date_type_0 = datetime.date.fromisoformat(data)



                return start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        start_date = _parse_start_date(d.pop("start_date", UNSET))


        def _parse_end_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)



                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        end_date = _parse_end_date(d.pop("end_date", UNSET))


        def _parse_submitted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                submitted_at_type_0 = datetime.datetime.fromisoformat(data)



                return submitted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        submitted_at = _parse_submitted_at(d.pop("submitted_at", UNSET))


        paid = d.pop("paid", UNSET)

        exported = d.pop("exported", UNSET)

        _lines = d.pop("lines", UNSET)
        lines: list[ExpenseLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = ExpenseLine.from_dict(lines_item_data)



                lines.append(lines_item)


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: ExpenseReportRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = ExpenseReportRemoteData.from_dict(_remote_data)




        expense_report = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            title=title,
            status=status,
            expensed_by=expensed_by,
            currency=currency,
            total=total,
            reimbursable_total=reimbursable_total,
            start_date=start_date,
            end_date=end_date,
            submitted_at=submitted_at,
            paid=paid,
            exported=exported,
            lines=lines,
            remote_data=remote_data,
        )

        return expense_report

