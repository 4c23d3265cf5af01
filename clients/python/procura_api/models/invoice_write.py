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
  from ..models.invoice_write_lines_item import InvoiceWriteLinesItem
  from ..models.invoice_write_payment_term import InvoiceWritePaymentTerm
  from ..models.invoice_write_supplier import InvoiceWriteSupplier





T = TypeVar("T", bound="InvoiceWrite")



@_attrs_define
class InvoiceWrite:
    """ Fields to write to an invoice. Required on create: number, invoice_date, supplier, currency, lines; an update
    (PATCH) names only the fields it changes, and the others stay as they are. Bodies are checked against this schema
    (with the tenant's custom fields) before anything is sent to the provider.

        Attributes:
            number (str | Unset): Invoice number.
            invoice_date (datetime.date | Unset): Invoice date.
            status (str | Unset): Status.
            document_type (str | Unset): Invoice or Credit Note.
            supplier (InvoiceWriteSupplier | Unset): Supplier by id, or by name or number.
            currency (str | Unset): ISO 4217 code.
            payment_term (InvoiceWritePaymentTerm | Unset): Payment terms by code.
            lines (list[InvoiceWriteLinesItem] | Unset): Invoice lines.
     """

    number: str | Unset = UNSET
    invoice_date: datetime.date | Unset = UNSET
    status: str | Unset = UNSET
    document_type: str | Unset = UNSET
    supplier: InvoiceWriteSupplier | Unset = UNSET
    currency: str | Unset = UNSET
    payment_term: InvoiceWritePaymentTerm | Unset = UNSET
    lines: list[InvoiceWriteLinesItem] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_write_lines_item import InvoiceWriteLinesItem # noqa: PLC0415
        from ..models.invoice_write_payment_term import InvoiceWritePaymentTerm # noqa: PLC0415
        from ..models.invoice_write_supplier import InvoiceWriteSupplier # noqa: PLC0415
        number = self.number

        invoice_date: str | Unset = UNSET
        if not isinstance(self.invoice_date, Unset):
            invoice_date = self.invoice_date.isoformat()

        status = self.status

        document_type = self.document_type

        supplier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.supplier, Unset):
            supplier = self.supplier.to_dict()

        currency = self.currency

        payment_term: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payment_term, Unset):
            payment_term = self.payment_term.to_dict()

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if number is not UNSET:
            field_dict["number"] = number
        if invoice_date is not UNSET:
            field_dict["invoice_date"] = invoice_date
        if status is not UNSET:
            field_dict["status"] = status
        if document_type is not UNSET:
            field_dict["document_type"] = document_type
        if supplier is not UNSET:
            field_dict["supplier"] = supplier
        if currency is not UNSET:
            field_dict["currency"] = currency
        if payment_term is not UNSET:
            field_dict["payment_term"] = payment_term
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_write_lines_item import InvoiceWriteLinesItem # noqa: PLC0415
        from ..models.invoice_write_payment_term import InvoiceWritePaymentTerm # noqa: PLC0415
        from ..models.invoice_write_supplier import InvoiceWriteSupplier # noqa: PLC0415
        d = dict(src_dict)
        number = d.pop("number", UNSET)

        _invoice_date = d.pop("invoice_date", UNSET)
        invoice_date: datetime.date | Unset
        if isinstance(_invoice_date,  Unset):
            invoice_date = UNSET
        else:
            invoice_date = datetime.date.fromisoformat(_invoice_date)




        status = d.pop("status", UNSET)

        document_type = d.pop("document_type", UNSET)

        _supplier = d.pop("supplier", UNSET)
        supplier: InvoiceWriteSupplier | Unset
        if isinstance(_supplier,  Unset):
            supplier = UNSET
        else:
            supplier = InvoiceWriteSupplier.from_dict(_supplier)




        currency = d.pop("currency", UNSET)

        _payment_term = d.pop("payment_term", UNSET)
        payment_term: InvoiceWritePaymentTerm | Unset
        if isinstance(_payment_term,  Unset):
            payment_term = UNSET
        else:
            payment_term = InvoiceWritePaymentTerm.from_dict(_payment_term)




        _lines = d.pop("lines", UNSET)
        lines: list[InvoiceWriteLinesItem] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = InvoiceWriteLinesItem.from_dict(lines_item_data)



                lines.append(lines_item)


        invoice_write = cls(
            number=number,
            invoice_date=invoice_date,
            status=status,
            document_type=document_type,
            supplier=supplier,
            currency=currency,
            payment_term=payment_term,
            lines=lines,
        )

        return invoice_write

