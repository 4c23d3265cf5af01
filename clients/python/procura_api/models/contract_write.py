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
  from ..models.contract_write_owner import ContractWriteOwner
  from ..models.contract_write_supplier import ContractWriteSupplier





T = TypeVar("T", bound="ContractWrite")



@_attrs_define
class ContractWrite:
    """ Fields to write to a contract. Required on create: name, supplier; an update (PATCH) names only the fields it
    changes, and the others stay as they are. Bodies are checked against this schema (with the tenant's custom fields)
    before anything is sent to the provider.

        Attributes:
            name (str | Unset): Name.
            number (str | Unset): Number.
            status (str | Unset): Status.
            type_ (str | Unset): Contract type.
            supplier (ContractWriteSupplier | Unset): Supplier.
            currency (str | Unset): ISO 4217 code.
            start_date (datetime.date | Unset): Start.
            end_date (datetime.date | Unset): End.
            min_value (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            max_value (str | Unset): A decimal number as a string, with the digits the provider holds (e.g. "567.07").
            owner (ContractWriteOwner | Unset): Owner.
            description (str | Unset): Description.
     """

    name: str | Unset = UNSET
    number: str | Unset = UNSET
    status: str | Unset = UNSET
    type_: str | Unset = UNSET
    supplier: ContractWriteSupplier | Unset = UNSET
    currency: str | Unset = UNSET
    start_date: datetime.date | Unset = UNSET
    end_date: datetime.date | Unset = UNSET
    min_value: str | Unset = UNSET
    max_value: str | Unset = UNSET
    owner: ContractWriteOwner | Unset = UNSET
    description: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.contract_write_owner import ContractWriteOwner # noqa: PLC0415
        from ..models.contract_write_supplier import ContractWriteSupplier # noqa: PLC0415
        name = self.name

        number = self.number

        status = self.status

        type_ = self.type_

        supplier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.supplier, Unset):
            supplier = self.supplier.to_dict()

        currency = self.currency

        start_date: str | Unset = UNSET
        if not isinstance(self.start_date, Unset):
            start_date = self.start_date.isoformat()

        end_date: str | Unset = UNSET
        if not isinstance(self.end_date, Unset):
            end_date = self.end_date.isoformat()

        min_value = self.min_value

        max_value = self.max_value

        owner: dict[str, Any] | Unset = UNSET
        if not isinstance(self.owner, Unset):
            owner = self.owner.to_dict()

        description = self.description


        field_dict: dict[str, Any] = {}

        field_dict.update({
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
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contract_write_owner import ContractWriteOwner # noqa: PLC0415
        from ..models.contract_write_supplier import ContractWriteSupplier # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        number = d.pop("number", UNSET)

        status = d.pop("status", UNSET)

        type_ = d.pop("type", UNSET)

        _supplier = d.pop("supplier", UNSET)
        supplier: ContractWriteSupplier | Unset
        if isinstance(_supplier,  Unset):
            supplier = UNSET
        else:
            supplier = ContractWriteSupplier.from_dict(_supplier)




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




        min_value = d.pop("min_value", UNSET)

        max_value = d.pop("max_value", UNSET)

        _owner = d.pop("owner", UNSET)
        owner: ContractWriteOwner | Unset
        if isinstance(_owner,  Unset):
            owner = UNSET
        else:
            owner = ContractWriteOwner.from_dict(_owner)




        description = d.pop("description", UNSET)

        contract_write = cls(
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
            description=description,
        )

        return contract_write

