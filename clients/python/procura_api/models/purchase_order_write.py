from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.purchase_order_write_lines_item import PurchaseOrderWriteLinesItem
  from ..models.purchase_order_write_requester import PurchaseOrderWriteRequester
  from ..models.purchase_order_write_supplier import PurchaseOrderWriteSupplier





T = TypeVar("T", bound="PurchaseOrderWrite")



@_attrs_define
class PurchaseOrderWrite:
    """ Fields to write to a purchase order. Required on create: number, supplier, currency, lines; an update (PATCH) names
    only the fields it changes, and the others stay as they are. Bodies are checked against this schema (with the
    tenant's custom fields) before anything is sent to the provider.

        Attributes:
            number (str | Unset): PO number.
            status (str | Unset): Order status.
            supplier (PurchaseOrderWriteSupplier | Unset): Supplier by id, or by name or number.
            currency (str | Unset): ISO 4217 code.
            requester (PurchaseOrderWriteRequester | Unset): Requester by id or email.
            ship_to_attention (str | Unset): Attention line.
            payment_method (str | Unset): Payment method.
            lines (list[PurchaseOrderWriteLinesItem] | Unset): Order lines.
     """

    number: str | Unset = UNSET
    status: str | Unset = UNSET
    supplier: PurchaseOrderWriteSupplier | Unset = UNSET
    currency: str | Unset = UNSET
    requester: PurchaseOrderWriteRequester | Unset = UNSET
    ship_to_attention: str | Unset = UNSET
    payment_method: str | Unset = UNSET
    lines: list[PurchaseOrderWriteLinesItem] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.purchase_order_write_lines_item import PurchaseOrderWriteLinesItem # noqa: PLC0415
        from ..models.purchase_order_write_requester import PurchaseOrderWriteRequester # noqa: PLC0415
        from ..models.purchase_order_write_supplier import PurchaseOrderWriteSupplier # noqa: PLC0415
        number = self.number

        status = self.status

        supplier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.supplier, Unset):
            supplier = self.supplier.to_dict()

        currency = self.currency

        requester: dict[str, Any] | Unset = UNSET
        if not isinstance(self.requester, Unset):
            requester = self.requester.to_dict()

        ship_to_attention = self.ship_to_attention

        payment_method = self.payment_method

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
        if status is not UNSET:
            field_dict["status"] = status
        if supplier is not UNSET:
            field_dict["supplier"] = supplier
        if currency is not UNSET:
            field_dict["currency"] = currency
        if requester is not UNSET:
            field_dict["requester"] = requester
        if ship_to_attention is not UNSET:
            field_dict["ship_to_attention"] = ship_to_attention
        if payment_method is not UNSET:
            field_dict["payment_method"] = payment_method
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purchase_order_write_lines_item import PurchaseOrderWriteLinesItem # noqa: PLC0415
        from ..models.purchase_order_write_requester import PurchaseOrderWriteRequester # noqa: PLC0415
        from ..models.purchase_order_write_supplier import PurchaseOrderWriteSupplier # noqa: PLC0415
        d = dict(src_dict)
        number = d.pop("number", UNSET)

        status = d.pop("status", UNSET)

        _supplier = d.pop("supplier", UNSET)
        supplier: PurchaseOrderWriteSupplier | Unset
        if isinstance(_supplier,  Unset):
            supplier = UNSET
        else:
            supplier = PurchaseOrderWriteSupplier.from_dict(_supplier)




        currency = d.pop("currency", UNSET)

        _requester = d.pop("requester", UNSET)
        requester: PurchaseOrderWriteRequester | Unset
        if isinstance(_requester,  Unset):
            requester = UNSET
        else:
            requester = PurchaseOrderWriteRequester.from_dict(_requester)




        ship_to_attention = d.pop("ship_to_attention", UNSET)

        payment_method = d.pop("payment_method", UNSET)

        _lines = d.pop("lines", UNSET)
        lines: list[PurchaseOrderWriteLinesItem] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = PurchaseOrderWriteLinesItem.from_dict(lines_item_data)



                lines.append(lines_item)


        purchase_order_write = cls(
            number=number,
            status=status,
            supplier=supplier,
            currency=currency,
            requester=requester,
            ship_to_attention=ship_to_attention,
            payment_method=payment_method,
            lines=lines,
        )

        return purchase_order_write

