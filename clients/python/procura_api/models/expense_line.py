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
  from ..models.account_ref import AccountRef





T = TypeVar("T", bound="ExpenseLine")



@_attrs_define
class ExpenseLine:
    """ A line of an expense report.

        Attributes:
            id (str): The provider's id.
            line_number (None | str | Unset): Line number.
            description (None | str | Unset): Description.
            merchant (None | str | Unset): Merchant.
            expense_date (datetime.date | None | Unset): Date of the expense.
            amount (None | str | Unset): Amount.
            currency (None | str | Unset): ISO 4217 currency code.
            category (None | str | Unset): Expense category.
            reimbursable (bool | Unset): Whether the employee is reimbursed.
            account (AccountRef | None | Unset): Account.
     """

    id: str
    line_number: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    merchant: None | str | Unset = UNSET
    expense_date: datetime.date | None | Unset = UNSET
    amount: None | str | Unset = UNSET
    currency: None | str | Unset = UNSET
    category: None | str | Unset = UNSET
    reimbursable: bool | Unset = UNSET
    account: AccountRef | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.account_ref import AccountRef # noqa: PLC0415
        id = self.id

        line_number: None | str | Unset
        if isinstance(self.line_number, Unset):
            line_number = UNSET
        else:
            line_number = self.line_number

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        merchant: None | str | Unset
        if isinstance(self.merchant, Unset):
            merchant = UNSET
        else:
            merchant = self.merchant

        expense_date: None | str | Unset
        if isinstance(self.expense_date, Unset):
            expense_date = UNSET
        elif isinstance(self.expense_date, datetime.date):
            expense_date = self.expense_date.isoformat()
        else:
            expense_date = self.expense_date

        amount: None | str | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        reimbursable = self.reimbursable

        account: dict[str, Any] | None | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        elif isinstance(self.account, AccountRef):
            account = self.account.to_dict()
        else:
            account = self.account


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
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
        if reimbursable is not UNSET:
            field_dict["reimbursable"] = reimbursable
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_ref import AccountRef # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_line_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        line_number = _parse_line_number(d.pop("line_number", UNSET))


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        def _parse_merchant(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merchant = _parse_merchant(d.pop("merchant", UNSET))


        def _parse_expense_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expense_date_type_0 = datetime.date.fromisoformat(data)



                return expense_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expense_date = _parse_expense_date(d.pop("expense_date", UNSET))


        def _parse_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))


        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))


        reimbursable = d.pop("reimbursable", UNSET)

        def _parse_account(data: object) -> AccountRef | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                account_type_0 = AccountRef.from_dict(data)



                return account_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AccountRef | None | Unset, data)

        account = _parse_account(d.pop("account", UNSET))


        expense_line = cls(
            id=id,
            line_number=line_number,
            description=description,
            merchant=merchant,
            expense_date=expense_date,
            amount=amount,
            currency=currency,
            category=category,
            reimbursable=reimbursable,
            account=account,
        )

        return expense_line

