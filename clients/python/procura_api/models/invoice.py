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
  from ..models.invoice_custom_fields import InvoiceCustomFields
  from ..models.invoice_line import InvoiceLine
  from ..models.invoice_remote_data import InvoiceRemoteData
  from ..models.payment_term_ref import PaymentTermRef
  from ..models.supplier_ref import SupplierRef





T = TypeVar("T", bound="Invoice")



@_attrs_define
class Invoice:
    """ A supplier invoice (or credit note).

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (InvoiceCustomFields): Custom fields the tenant's overrides map; {} when none.
            number (None | str | Unset): Invoice number.
            invoice_date (datetime.date | None | Unset): Invoice date (YYYY-MM-DD).
            status (None | str | Unset): Invoice status: draft, pending_approval, approved, voided, disputed, …
            document_type (None | str | Unset): Invoice or Credit Note.
            is_credit_note (bool | Unset): Whether this is a credit note.
            supplier (None | SupplierRef | Unset): Supplier.
            currency (None | str | Unset): ISO 4217 currency code.
            subtotal (None | str | Unset): Total before taxes.
            tax_amount (None | str | Unset): Tax.
            total (None | str | Unset): Total with taxes.
            amount_due (None | str | Unset): Amount still due.
            payment_term (None | PaymentTermRef | Unset): Payment terms.
            due_date (datetime.date | None | Unset): Net due date.
            paid (bool | Unset): Whether it is paid.
            exported (bool | Unset): Whether it was marked exported to an ERP.
            last_exported_at (datetime.datetime | None | Unset): When it was last exported.
            lines (list[InvoiceLine] | Unset): The invoice's lines.
            remote_data (InvoiceRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: InvoiceCustomFields
    number: None | str | Unset = UNSET
    invoice_date: datetime.date | None | Unset = UNSET
    status: None | str | Unset = UNSET
    document_type: None | str | Unset = UNSET
    is_credit_note: bool | Unset = UNSET
    supplier: None | SupplierRef | Unset = UNSET
    currency: None | str | Unset = UNSET
    subtotal: None | str | Unset = UNSET
    tax_amount: None | str | Unset = UNSET
    total: None | str | Unset = UNSET
    amount_due: None | str | Unset = UNSET
    payment_term: None | PaymentTermRef | Unset = UNSET
    due_date: datetime.date | None | Unset = UNSET
    paid: bool | Unset = UNSET
    exported: bool | Unset = UNSET
    last_exported_at: datetime.datetime | None | Unset = UNSET
    lines: list[InvoiceLine] | Unset = UNSET
    remote_data: InvoiceRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_custom_fields import InvoiceCustomFields # noqa: PLC0415
        from ..models.invoice_line import InvoiceLine # noqa: PLC0415
        from ..models.invoice_remote_data import InvoiceRemoteData # noqa: PLC0415
        from ..models.payment_term_ref import PaymentTermRef # noqa: PLC0415
        from ..models.supplier_ref import SupplierRef # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        invoice_date: None | str | Unset
        if isinstance(self.invoice_date, Unset):
            invoice_date = UNSET
        elif isinstance(self.invoice_date, datetime.date):
            invoice_date = self.invoice_date.isoformat()
        else:
            invoice_date = self.invoice_date

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        document_type: None | str | Unset
        if isinstance(self.document_type, Unset):
            document_type = UNSET
        else:
            document_type = self.document_type

        is_credit_note = self.is_credit_note

        supplier: dict[str, Any] | None | Unset
        if isinstance(self.supplier, Unset):
            supplier = UNSET
        elif isinstance(self.supplier, SupplierRef):
            supplier = self.supplier.to_dict()
        else:
            supplier = self.supplier

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        subtotal: None | str | Unset
        if isinstance(self.subtotal, Unset):
            subtotal = UNSET
        else:
            subtotal = self.subtotal

        tax_amount: None | str | Unset
        if isinstance(self.tax_amount, Unset):
            tax_amount = UNSET
        else:
            tax_amount = self.tax_amount

        total: None | str | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        amount_due: None | str | Unset
        if isinstance(self.amount_due, Unset):
            amount_due = UNSET
        else:
            amount_due = self.amount_due

        payment_term: dict[str, Any] | None | Unset
        if isinstance(self.payment_term, Unset):
            payment_term = UNSET
        elif isinstance(self.payment_term, PaymentTermRef):
            payment_term = self.payment_term.to_dict()
        else:
            payment_term = self.payment_term

        due_date: None | str | Unset
        if isinstance(self.due_date, Unset):
            due_date = UNSET
        elif isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        paid = self.paid

        exported = self.exported

        last_exported_at: None | str | Unset
        if isinstance(self.last_exported_at, Unset):
            last_exported_at = UNSET
        elif isinstance(self.last_exported_at, datetime.datetime):
            last_exported_at = self.last_exported_at.isoformat()
        else:
            last_exported_at = self.last_exported_at

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
        if number is not UNSET:
            field_dict["number"] = number
        if invoice_date is not UNSET:
            field_dict["invoice_date"] = invoice_date
        if status is not UNSET:
            field_dict["status"] = status
        if document_type is not UNSET:
            field_dict["document_type"] = document_type
        if is_credit_note is not UNSET:
            field_dict["is_credit_note"] = is_credit_note
        if supplier is not UNSET:
            field_dict["supplier"] = supplier
        if currency is not UNSET:
            field_dict["currency"] = currency
        if subtotal is not UNSET:
            field_dict["subtotal"] = subtotal
        if tax_amount is not UNSET:
            field_dict["tax_amount"] = tax_amount
        if total is not UNSET:
            field_dict["total"] = total
        if amount_due is not UNSET:
            field_dict["amount_due"] = amount_due
        if payment_term is not UNSET:
            field_dict["payment_term"] = payment_term
        if due_date is not UNSET:
            field_dict["due_date"] = due_date
        if paid is not UNSET:
            field_dict["paid"] = paid
        if exported is not UNSET:
            field_dict["exported"] = exported
        if last_exported_at is not UNSET:
            field_dict["last_exported_at"] = last_exported_at
        if lines is not UNSET:
            field_dict["lines"] = lines
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_custom_fields import InvoiceCustomFields # noqa: PLC0415
        from ..models.invoice_line import InvoiceLine # noqa: PLC0415
        from ..models.invoice_remote_data import InvoiceRemoteData # noqa: PLC0415
        from ..models.payment_term_ref import PaymentTermRef # noqa: PLC0415
        from ..models.supplier_ref import SupplierRef # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = InvoiceCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))


        def _parse_invoice_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                invoice_date_type_0 = datetime.date.fromisoformat(data)



                return invoice_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        invoice_date = _parse_invoice_date(d.pop("invoice_date", UNSET))


        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))


        def _parse_document_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        document_type = _parse_document_type(d.pop("document_type", UNSET))


        is_credit_note = d.pop("is_credit_note", UNSET)

        def _parse_supplier(data: object) -> None | SupplierRef | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                supplier_type_0 = SupplierRef.from_dict(data)



                return supplier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SupplierRef | Unset, data)

        supplier = _parse_supplier(d.pop("supplier", UNSET))


        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        def _parse_subtotal(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subtotal = _parse_subtotal(d.pop("subtotal", UNSET))


        def _parse_tax_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_amount = _parse_tax_amount(d.pop("tax_amount", UNSET))


        def _parse_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        total = _parse_total(d.pop("total", UNSET))


        def _parse_amount_due(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        amount_due = _parse_amount_due(d.pop("amount_due", UNSET))


        def _parse_payment_term(data: object) -> None | PaymentTermRef | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payment_term_type_0 = PaymentTermRef.from_dict(data)



                return payment_term_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentTermRef | Unset, data)

        payment_term = _parse_payment_term(d.pop("payment_term", UNSET))


        def _parse_due_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)



                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        due_date = _parse_due_date(d.pop("due_date", UNSET))


        paid = d.pop("paid", UNSET)

        exported = d.pop("exported", UNSET)

        def _parse_last_exported_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_exported_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_exported_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_exported_at = _parse_last_exported_at(d.pop("last_exported_at", UNSET))


        _lines = d.pop("lines", UNSET)
        lines: list[InvoiceLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = InvoiceLine.from_dict(lines_item_data)



                lines.append(lines_item)


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: InvoiceRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = InvoiceRemoteData.from_dict(_remote_data)




        invoice = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            number=number,
            invoice_date=invoice_date,
            status=status,
            document_type=document_type,
            is_credit_note=is_credit_note,
            supplier=supplier,
            currency=currency,
            subtotal=subtotal,
            tax_amount=tax_amount,
            total=total,
            amount_due=amount_due,
            payment_term=payment_term,
            due_date=due_date,
            paid=paid,
            exported=exported,
            last_exported_at=last_exported_at,
            lines=lines,
            remote_data=remote_data,
        )

        return invoice

