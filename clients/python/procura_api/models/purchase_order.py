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
  from ..models.payment_term_ref import PaymentTermRef
  from ..models.purchase_order_custom_fields import PurchaseOrderCustomFields
  from ..models.purchase_order_line import PurchaseOrderLine
  from ..models.purchase_order_remote_data import PurchaseOrderRemoteData
  from ..models.supplier_ref import SupplierRef
  from ..models.user_ref import UserRef





T = TypeVar("T", bound="PurchaseOrder")



@_attrs_define
class PurchaseOrder:
    """ A purchase order issued to a supplier.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (PurchaseOrderCustomFields): Custom fields the tenant's overrides map; {} when none.
            number (None | str | Unset): PO number.
            status (None | str | Unset): Order status: draft, buyer_hold, issued, soft_closed, closed, cancelled, …
            type_ (None | str | Unset): OrderHeader, or ExternalOrderHeader for imported orders.
            version (int | None | Unset): Revision of the order.
            supplier (None | SupplierRef | Unset): Supplier.
            currency (None | str | Unset): ISO 4217 currency code.
            total (None | str | Unset): Order total (Coupa, whose order header has none, the sum of the lines' totals).
            requester (None | Unset | UserRef): Who asked for it.
            ship_to_address (Address | None | Unset): Where to deliver.
            ship_to_attention (None | str | Unset): Attention line for delivery.
            payment_term (None | PaymentTermRef | Unset): Payment terms.
            payment_method (None | str | Unset): invoice, pcard or virtual_card.
            acknowledged (bool | Unset): Whether the supplier acknowledged the order.
            exported (bool | Unset): Whether the order was marked exported to an ERP.
            last_exported_at (datetime.datetime | None | Unset): When it was last exported.
            lines (list[PurchaseOrderLine] | Unset): The order's lines.
            remote_data (PurchaseOrderRemoteData | Unset): The provider's raw record, untouched (only with
                remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: PurchaseOrderCustomFields
    number: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    type_: None | str | Unset = UNSET
    version: int | None | Unset = UNSET
    supplier: None | SupplierRef | Unset = UNSET
    currency: None | str | Unset = UNSET
    total: None | str | Unset = UNSET
    requester: None | Unset | UserRef = UNSET
    ship_to_address: Address | None | Unset = UNSET
    ship_to_attention: None | str | Unset = UNSET
    payment_term: None | PaymentTermRef | Unset = UNSET
    payment_method: None | str | Unset = UNSET
    acknowledged: bool | Unset = UNSET
    exported: bool | Unset = UNSET
    last_exported_at: datetime.datetime | None | Unset = UNSET
    lines: list[PurchaseOrderLine] | Unset = UNSET
    remote_data: PurchaseOrderRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address # noqa: PLC0415
        from ..models.payment_term_ref import PaymentTermRef # noqa: PLC0415
        from ..models.purchase_order_custom_fields import PurchaseOrderCustomFields # noqa: PLC0415
        from ..models.purchase_order_line import PurchaseOrderLine # noqa: PLC0415
        from ..models.purchase_order_remote_data import PurchaseOrderRemoteData # noqa: PLC0415
        from ..models.supplier_ref import SupplierRef # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

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

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

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

        total: None | str | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        requester: dict[str, Any] | None | Unset
        if isinstance(self.requester, Unset):
            requester = UNSET
        elif isinstance(self.requester, UserRef):
            requester = self.requester.to_dict()
        else:
            requester = self.requester

        ship_to_address: dict[str, Any] | None | Unset
        if isinstance(self.ship_to_address, Unset):
            ship_to_address = UNSET
        elif isinstance(self.ship_to_address, Address):
            ship_to_address = self.ship_to_address.to_dict()
        else:
            ship_to_address = self.ship_to_address

        ship_to_attention: None | str | Unset
        if isinstance(self.ship_to_attention, Unset):
            ship_to_attention = UNSET
        else:
            ship_to_attention = self.ship_to_attention

        payment_term: dict[str, Any] | None | Unset
        if isinstance(self.payment_term, Unset):
            payment_term = UNSET
        elif isinstance(self.payment_term, PaymentTermRef):
            payment_term = self.payment_term.to_dict()
        else:
            payment_term = self.payment_term

        payment_method: None | str | Unset
        if isinstance(self.payment_method, Unset):
            payment_method = UNSET
        else:
            payment_method = self.payment_method

        acknowledged = self.acknowledged

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
        if status is not UNSET:
            field_dict["status"] = status
        if type_ is not UNSET:
            field_dict["type"] = type_
        if version is not UNSET:
            field_dict["version"] = version
        if supplier is not UNSET:
            field_dict["supplier"] = supplier
        if currency is not UNSET:
            field_dict["currency"] = currency
        if total is not UNSET:
            field_dict["total"] = total
        if requester is not UNSET:
            field_dict["requester"] = requester
        if ship_to_address is not UNSET:
            field_dict["ship_to_address"] = ship_to_address
        if ship_to_attention is not UNSET:
            field_dict["ship_to_attention"] = ship_to_attention
        if payment_term is not UNSET:
            field_dict["payment_term"] = payment_term
        if payment_method is not UNSET:
            field_dict["payment_method"] = payment_method
        if acknowledged is not UNSET:
            field_dict["acknowledged"] = acknowledged
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
        from ..models.address import Address # noqa: PLC0415
        from ..models.payment_term_ref import PaymentTermRef # noqa: PLC0415
        from ..models.purchase_order_custom_fields import PurchaseOrderCustomFields # noqa: PLC0415
        from ..models.purchase_order_line import PurchaseOrderLine # noqa: PLC0415
        from ..models.purchase_order_remote_data import PurchaseOrderRemoteData # noqa: PLC0415
        from ..models.supplier_ref import SupplierRef # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = PurchaseOrderCustomFields.from_dict(d.pop("custom_fields"))




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


        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))


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


        def _parse_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        total = _parse_total(d.pop("total", UNSET))


        def _parse_requester(data: object) -> None | Unset | UserRef:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                requester_type_0 = UserRef.from_dict(data)



                return requester_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserRef, data)

        requester = _parse_requester(d.pop("requester", UNSET))


        def _parse_ship_to_address(data: object) -> Address | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ship_to_address_type_0 = Address.from_dict(data)



                return ship_to_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None | Unset, data)

        ship_to_address = _parse_ship_to_address(d.pop("ship_to_address", UNSET))


        def _parse_ship_to_attention(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ship_to_attention = _parse_ship_to_attention(d.pop("ship_to_attention", UNSET))


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


        def _parse_payment_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_method = _parse_payment_method(d.pop("payment_method", UNSET))


        acknowledged = d.pop("acknowledged", UNSET)

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
        lines: list[PurchaseOrderLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = PurchaseOrderLine.from_dict(lines_item_data)



                lines.append(lines_item)


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: PurchaseOrderRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = PurchaseOrderRemoteData.from_dict(_remote_data)




        purchase_order = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            number=number,
            status=status,
            type_=type_,
            version=version,
            supplier=supplier,
            currency=currency,
            total=total,
            requester=requester,
            ship_to_address=ship_to_address,
            ship_to_attention=ship_to_attention,
            payment_term=payment_term,
            payment_method=payment_method,
            acknowledged=acknowledged,
            exported=exported,
            last_exported_at=last_exported_at,
            lines=lines,
            remote_data=remote_data,
        )

        return purchase_order

