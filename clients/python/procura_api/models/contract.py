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
  from ..models.contract_custom_fields import ContractCustomFields
  from ..models.contract_remote_data import ContractRemoteData
  from ..models.payment_term_ref import PaymentTermRef
  from ..models.ref import Ref
  from ..models.supplier_ref import SupplierRef
  from ..models.user_ref import UserRef





T = TypeVar("T", bound="Contract")



@_attrs_define
class Contract:
    """ A contract with a supplier.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (ContractCustomFields): Custom fields the tenant's overrides map; {} when none.
            name (None | str | Unset): Name.
            number (None | str | Unset): Contract number.
            status (None | str | Unset): draft, published, expired, …
            type_ (None | str | Unset): Contract type.
            supplier (None | SupplierRef | Unset): Supplier.
            currency (None | str | Unset): ISO 4217 currency code.
            start_date (datetime.date | None | Unset): Start date.
            end_date (datetime.date | None | Unset): End date.
            min_value (None | str | Unset): Minimum value.
            max_value (None | str | Unset): Maximum value.
            owner (None | Unset | UserRef): Contract owner.
            department (None | Ref | Unset): Department.
            payment_term (None | PaymentTermRef | Unset): Payment terms.
            description (None | str | Unset): Description.
            remote_data (ContractRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: ContractCustomFields
    name: None | str | Unset = UNSET
    number: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    type_: None | str | Unset = UNSET
    supplier: None | SupplierRef | Unset = UNSET
    currency: None | str | Unset = UNSET
    start_date: datetime.date | None | Unset = UNSET
    end_date: datetime.date | None | Unset = UNSET
    min_value: None | str | Unset = UNSET
    max_value: None | str | Unset = UNSET
    owner: None | Unset | UserRef = UNSET
    department: None | Ref | Unset = UNSET
    payment_term: None | PaymentTermRef | Unset = UNSET
    description: None | str | Unset = UNSET
    remote_data: ContractRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.contract_custom_fields import ContractCustomFields # noqa: PLC0415
        from ..models.contract_remote_data import ContractRemoteData # noqa: PLC0415
        from ..models.payment_term_ref import PaymentTermRef # noqa: PLC0415
        from ..models.ref import Ref # noqa: PLC0415
        from ..models.supplier_ref import SupplierRef # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

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

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

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

        min_value: None | str | Unset
        if isinstance(self.min_value, Unset):
            min_value = UNSET
        else:
            min_value = self.min_value

        max_value: None | str | Unset
        if isinstance(self.max_value, Unset):
            max_value = UNSET
        else:
            max_value = self.max_value

        owner: dict[str, Any] | None | Unset
        if isinstance(self.owner, Unset):
            owner = UNSET
        elif isinstance(self.owner, UserRef):
            owner = self.owner.to_dict()
        else:
            owner = self.owner

        department: dict[str, Any] | None | Unset
        if isinstance(self.department, Unset):
            department = UNSET
        elif isinstance(self.department, Ref):
            department = self.department.to_dict()
        else:
            department = self.department

        payment_term: dict[str, Any] | None | Unset
        if isinstance(self.payment_term, Unset):
            payment_term = UNSET
        elif isinstance(self.payment_term, PaymentTermRef):
            payment_term = self.payment_term.to_dict()
        else:
            payment_term = self.payment_term

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

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
        if number is not UNSET:
            field_dict["number"] = number
        if status is not UNSET:
            field_dict["status"] = status
        if type_ is not UNSET:
            field_dict["type"] = type_
        if supplier is not UNSET:
            field_dict["supplier"] = supplier
        if currency is not UNSET:
            field_dict["currency"] = currency
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if min_value is not UNSET:
            field_dict["min_value"] = min_value
        if max_value is not UNSET:
            field_dict["max_value"] = max_value
        if owner is not UNSET:
            field_dict["owner"] = owner
        if department is not UNSET:
            field_dict["department"] = department
        if payment_term is not UNSET:
            field_dict["payment_term"] = payment_term
        if description is not UNSET:
            field_dict["description"] = description
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contract_custom_fields import ContractCustomFields # noqa: PLC0415
        from ..models.contract_remote_data import ContractRemoteData # noqa: PLC0415
        from ..models.payment_term_ref import PaymentTermRef # noqa: PLC0415
        from ..models.ref import Ref # noqa: PLC0415
        from ..models.supplier_ref import SupplierRef # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = ContractCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


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


        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))


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


        def _parse_min_value(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        min_value = _parse_min_value(d.pop("min_value", UNSET))


        def _parse_max_value(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        max_value = _parse_max_value(d.pop("max_value", UNSET))


        def _parse_owner(data: object) -> None | Unset | UserRef:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_type_0 = UserRef.from_dict(data)



                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserRef, data)

        owner = _parse_owner(d.pop("owner", UNSET))


        def _parse_department(data: object) -> None | Ref | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                department_type_0 = Ref.from_dict(data)



                return department_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Ref | Unset, data)

        department = _parse_department(d.pop("department", UNSET))


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


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: ContractRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = ContractRemoteData.from_dict(_remote_data)




        contract = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            name=name,
            number=number,
            status=status,
            type_=type_,
            supplier=supplier,
            currency=currency,
            start_date=start_date,
            end_date=end_date,
            min_value=min_value,
            max_value=max_value,
            owner=owner,
            department=department,
            payment_term=payment_term,
            description=description,
            remote_data=remote_data,
        )

        return contract

