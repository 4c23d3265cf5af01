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
  from ..models.expense_report_write_lines_item_account import ExpenseReportWriteLinesItemAccount





T = TypeVar("T", bound="ExpenseReportWriteLinesItem")



@_attrs_define
class ExpenseReportWriteLinesItem:
    """ 
        Attributes:
            line_number (str | Unset): Line number.
            description (str | Unset): Description.
            merchant (str | Unset): Merchant.
            expense_date (datetime.date | Unset): Date.
            amount (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            currency (str | Unset): ISO 4217 code.
            category (str | Unset): Expense category name.
            account (ExpenseReportWriteLinesItemAccount | Unset): Account.
     """

    line_number: str | Unset = UNSET
    description: str | Unset = UNSET
    merchant: str | Unset = UNSET
    expense_date: datetime.date | Unset = UNSET
    amount: str | Unset = UNSET
    currency: str | Unset = UNSET
    category: str | Unset = UNSET
    account: ExpenseReportWriteLinesItemAccount | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.expense_report_write_lines_item_account import ExpenseReportWriteLinesItemAccount # noqa: PLC0415
        line_number = self.line_number

        description = self.description

        merchant = self.merchant

        expense_date: str | Unset = UNSET
        if not isinstance(self.expense_date, Unset):
            expense_date = self.expense_date.isoformat()

        amount = self.amount

        currency = self.currency

        category = self.category

        account: dict[str, Any] | Unset = UNSET
        if not isinstance(self.account, Unset):
            account = self.account.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if line_number is not UNSET:
            field_dict["line_number"] = line_number
        if description is not UNSET:
            field_dict["description"] = description
        if merchant is not UNSET:
            field_dict["merchant"] = merchant
        if expense_date is not UNSET:
            field_dict["expense_date"] = expense_date
        if amount is not UNSET:
            field_dict["amount"] = amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if category is not UNSET:
            field_dict["category"] = category
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.expense_report_write_lines_item_account import ExpenseReportWriteLinesItemAccount # noqa: PLC0415
        d = dict(src_dict)
        line_number = d.pop("line_number", UNSET)

        description = d.pop("description", UNSET)

        merchant = d.pop("merchant", UNSET)

        _expense_date = d.pop("expense_date", UNSET)
        expense_date: datetime.date | Unset
        if isinstance(_expense_date,  Unset):
            expense_date = UNSET
        else:
            expense_date = datetime.date.fromisoformat(_expense_date)




        amount = d.pop("amount", UNSET)

        currency = d.pop("currency", UNSET)

        category = d.pop("category", UNSET)

        _account = d.pop("account", UNSET)
        account: ExpenseReportWriteLinesItemAccount | Unset
        if isinstance(_account,  Unset):
            account = UNSET
        else:
            account = ExpenseReportWriteLinesItemAccount.from_dict(_account)




        expense_report_write_lines_item = cls(
            line_number=line_number,
            description=description,
            merchant=merchant,
            expense_date=expense_date,
            amount=amount,
            currency=currency,
            category=category,
            account=account,
        )

        return expense_report_write_lines_item

