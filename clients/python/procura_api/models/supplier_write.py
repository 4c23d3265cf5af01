from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.supplier_write_payment_term import SupplierWritePaymentTerm





T = TypeVar("T", bound="SupplierWrite")



@_attrs_define
class SupplierWrite:
    """ Fields to write to a supplier. Required on create: name; an update (PATCH) names only the fields it changes, and the
    others stay as they are. Bodies are checked against this schema (with the tenant's custom fields) before anything is
    sent to the provider.

        Attributes:
            name (str | Unset): Legal name.
            display_name (str | Unset): Display name.
            number (str | Unset): Supplier number.
            status (str | Unset): Status.
            tax_id (str | Unset): Tax id.
            duns (str | Unset): D-U-N-S number.
            website (str | Unset): Website.
            account_number (str | Unset): Our account number.
            payment_method (str | Unset): Payment method.
            payment_term (SupplierWritePaymentTerm | Unset): Payment terms by code.
            po_method (str | Unset): Order transmission method.
            po_email (str | Unset): Order email.
            on_hold (bool | Unset): On hold.
     """

    name: str | Unset = UNSET
    display_name: str | Unset = UNSET
    number: str | Unset = UNSET
    status: str | Unset = UNSET
    tax_id: str | Unset = UNSET
    duns: str | Unset = UNSET
    website: str | Unset = UNSET
    account_number: str | Unset = UNSET
    payment_method: str | Unset = UNSET
    payment_term: SupplierWritePaymentTerm | Unset = UNSET
    po_method: str | Unset = UNSET
    po_email: str | Unset = UNSET
    on_hold: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.supplier_write_payment_term import SupplierWritePaymentTerm # noqa: PLC0415
        name = self.name

        display_name = self.display_name

        number = self.number

        status = self.status

        tax_id = self.tax_id

        duns = self.duns

        website = self.website

        account_number = self.account_number

        payment_method = self.payment_method

        payment_term: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payment_term, Unset):
            payment_term = self.payment_term.to_dict()

        po_method = self.po_method

        po_email = self.po_email

        on_hold = self.on_hold


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if number is not UNSET:
            field_dict["number"] = number
        if status is not UNSET:
            field_dict["status"] = status
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id
        if duns is not UNSET:
            field_dict["duns"] = duns
        if website is not UNSET:
            field_dict["website"] = website
        if account_number is not UNSET:
            field_dict["account_number"] = account_number
        if payment_method is not UNSET:
            field_dict["payment_method"] = payment_method
        if payment_term is not UNSET:
            field_dict["payment_term"] = payment_term
        if po_method is not UNSET:
            field_dict["po_method"] = po_method
        if po_email is not UNSET:
            field_dict["po_email"] = po_email
        if on_hold is not UNSET:
            field_dict["on_hold"] = on_hold

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.supplier_write_payment_term import SupplierWritePaymentTerm # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        display_name = d.pop("display_name", UNSET)

        number = d.pop("number", UNSET)

        status = d.pop("status", UNSET)

        tax_id = d.pop("tax_id", UNSET)

        duns = d.pop("duns", UNSET)

        website = d.pop("website", UNSET)

        account_number = d.pop("account_number", UNSET)

        payment_method = d.pop("payment_method", UNSET)

        _payment_term = d.pop("payment_term", UNSET)
        payment_term: SupplierWritePaymentTerm | Unset
        if isinstance(_payment_term,  Unset):
            payment_term = UNSET
        else:
            payment_term = SupplierWritePaymentTerm.from_dict(_payment_term)




        po_method = d.pop("po_method", UNSET)

        po_email = d.pop("po_email", UNSET)

        on_hold = d.pop("on_hold", UNSET)

        supplier_write = cls(
            name=name,
            display_name=display_name,
            number=number,
            status=status,
            tax_id=tax_id,
            duns=duns,
            website=website,
            account_number=account_number,
            payment_method=payment_method,
            payment_term=payment_term,
            po_method=po_method,
            po_email=po_email,
            on_hold=on_hold,
        )

        return supplier_write

