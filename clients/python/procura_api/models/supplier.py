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
  from ..models.address import Address
  from ..models.contact import Contact
  from ..models.payment_term_ref import PaymentTermRef
  from ..models.supplier_custom_fields import SupplierCustomFields
  from ..models.supplier_remote_data import SupplierRemoteData





T = TypeVar("T", bound="Supplier")



@_attrs_define
class Supplier:
    """ A supplier (vendor).

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (SupplierCustomFields): Custom fields the tenant's overrides map; {} when none.
            name (None | str | Unset): Legal name.
            display_name (None | str | Unset): Display name.
            number (None | str | Unset): Supplier number.
            status (None | str | Unset): active, inactive or draft.
            tax_id (None | str | Unset): Tax id.
            duns (None | str | Unset): D-U-N-S number.
            website (None | str | Unset): Website.
            account_number (None | str | Unset): Our account number with the supplier.
            payment_method (None | str | Unset): How the supplier is paid.
            payment_term (None | PaymentTermRef | Unset): Payment terms.
            po_method (None | str | Unset): How orders are sent: email, cxml, prompt, …
            po_email (None | str | Unset): Where orders are emailed.
            on_hold (bool | Unset): Whether the supplier is on hold.
            one_time (bool | Unset): Whether it is a one-time supplier.
            primary_contact (Contact | None | Unset): Primary contact.
            primary_address (Address | None | Unset): Primary address.
            remote_data (SupplierRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: SupplierCustomFields
    name: None | str | Unset = UNSET
    display_name: None | str | Unset = UNSET
    number: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    tax_id: None | str | Unset = UNSET
    duns: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    account_number: None | str | Unset = UNSET
    payment_method: None | str | Unset = UNSET
    payment_term: None | PaymentTermRef | Unset = UNSET
    po_method: None | str | Unset = UNSET
    po_email: None | str | Unset = UNSET
    on_hold: bool | Unset = UNSET
    one_time: bool | Unset = UNSET
    primary_contact: Contact | None | Unset = UNSET
    primary_address: Address | None | Unset = UNSET
    remote_data: SupplierRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address # noqa: PLC0415
        from ..models.contact import Contact # noqa: PLC0415
        from ..models.payment_term_ref import PaymentTermRef # noqa: PLC0415
        from ..models.supplier_custom_fields import SupplierCustomFields # noqa: PLC0415
        from ..models.supplier_remote_data import SupplierRemoteData # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        display_name: None | str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        tax_id: None | str | Unset
        if isinstance(self.tax_id, Unset):
            tax_id = UNSET
        else:
            tax_id = self.tax_id

        duns: None | str | Unset
        if isinstance(self.duns, Unset):
            duns = UNSET
        else:
            duns = self.duns

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        account_number: None | str | Unset
        if isinstance(self.account_number, Unset):
            account_number = UNSET
        else:
            account_number = self.account_number

        payment_method: None | str | Unset
        if isinstance(self.payment_method, Unset):
            payment_method = UNSET
        else:
            payment_method = self.payment_method

        payment_term: dict[str, Any] | None | Unset
        if isinstance(self.payment_term, Unset):
            payment_term = UNSET
        elif isinstance(self.payment_term, PaymentTermRef):
            payment_term = self.payment_term.to_dict()
        else:
            payment_term = self.payment_term

        po_method: None | str | Unset
        if isinstance(self.po_method, Unset):
            po_method = UNSET
        else:
            po_method = self.po_method

        po_email: None | str | Unset
        if isinstance(self.po_email, Unset):
            po_email = UNSET
        else:
            po_email = self.po_email

        on_hold = self.on_hold

        one_time = self.one_time

        primary_contact: dict[str, Any] | None | Unset
        if isinstance(self.primary_contact, Unset):
            primary_contact = UNSET
        elif isinstance(self.primary_contact, Contact):
            primary_contact = self.primary_contact.to_dict()
        else:
            primary_contact = self.primary_contact

        primary_address: dict[str, Any] | None | Unset
        if isinstance(self.primary_address, Unset):
            primary_address = UNSET
        elif isinstance(self.primary_address, Address):
            primary_address = self.primary_address.to_dict()
        else:
            primary_address = self.primary_address

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
        if one_time is not UNSET:
            field_dict["one_time"] = one_time
        if primary_contact is not UNSET:
            field_dict["primary_contact"] = primary_contact
        if primary_address is not UNSET:
            field_dict["primary_address"] = primary_address
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address # noqa: PLC0415
        from ..models.contact import Contact # noqa: PLC0415
        from ..models.payment_term_ref import PaymentTermRef # noqa: PLC0415
        from ..models.supplier_custom_fields import SupplierCustomFields # noqa: PLC0415
        from ..models.supplier_remote_data import SupplierRemoteData # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = SupplierCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_display_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_name = _parse_display_name(d.pop("display_name", UNSET))


        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))


        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))


        def _parse_tax_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_id = _parse_tax_id(d.pop("tax_id", UNSET))


        def _parse_duns(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        duns = _parse_duns(d.pop("duns", UNSET))


        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))


        def _parse_account_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_number = _parse_account_number(d.pop("account_number", UNSET))


        def _parse_payment_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_method = _parse_payment_method(d.pop("payment_method", UNSET))


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


        def _parse_po_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        po_method = _parse_po_method(d.pop("po_method", UNSET))


        def _parse_po_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        po_email = _parse_po_email(d.pop("po_email", UNSET))


        on_hold = d.pop("on_hold", UNSET)

        one_time = d.pop("one_time", UNSET)

        def _parse_primary_contact(data: object) -> Contact | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                primary_contact_type_0 = Contact.from_dict(data)



                return primary_contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Contact | None | Unset, data)

        primary_contact = _parse_primary_contact(d.pop("primary_contact", UNSET))


        def _parse_primary_address(data: object) -> Address | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                primary_address_type_0 = Address.from_dict(data)



                return primary_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None | Unset, data)

        primary_address = _parse_primary_address(d.pop("primary_address", UNSET))


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: SupplierRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = SupplierRemoteData.from_dict(_remote_data)




        supplier = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
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
            one_time=one_time,
            primary_contact=primary_contact,
            primary_address=primary_address,
            remote_data=remote_data,
        )

        return supplier

