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
  from ..models.item_ref import ItemRef
  from ..models.ref import Ref





T = TypeVar("T", bound="PurchaseOrderLine")



@_attrs_define
class PurchaseOrderLine:
    """ A line of a purchase order.

        Attributes:
            id (str): The provider's id.
            line_number (None | str | Unset): Line number on the order.
            description (None | str | Unset): What is ordered.
            type_ (None | str | Unset): Line type: OrderQuantityLine or OrderAmountLine.
            status (None | str | Unset): Line status.
            quantity (None | str | Unset): Quantity ordered.
            unit_price (None | str | Unset): Price per unit.
            total (None | str | Unset): Line total.
            uom (None | str | Unset): Unit of measure code.
            need_by_date (datetime.date | None | Unset): Date needed (YYYY-MM-DD).
            account (AccountRef | None | Unset): Account the line is coded to.
            commodity (None | Ref | Unset): Commodity.
            item (ItemRef | None | Unset): Catalogue item.
     """

    id: str
    line_number: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    type_: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    quantity: None | str | Unset = UNSET
    unit_price: None | str | Unset = UNSET
    total: None | str | Unset = UNSET
    uom: None | str | Unset = UNSET
    need_by_date: datetime.date | None | Unset = UNSET
    account: AccountRef | None | Unset = UNSET
    commodity: None | Ref | Unset = UNSET
    item: ItemRef | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.account_ref import AccountRef # noqa: PLC0415
        from ..models.item_ref import ItemRef # noqa: PLC0415
        from ..models.ref import Ref # noqa: PLC0415
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

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        quantity: None | str | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        unit_price: None | str | Unset
        if isinstance(self.unit_price, Unset):
            unit_price = UNSET
        else:
            unit_price = self.unit_price

        total: None | str | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        uom: None | str | Unset
        if isinstance(self.uom, Unset):
            uom = UNSET
        else:
            uom = self.uom

        need_by_date: None | str | Unset
        if isinstance(self.need_by_date, Unset):
            need_by_date = UNSET
        elif isinstance(self.need_by_date, datetime.date):
            need_by_date = self.need_by_date.isoformat()
        else:
            need_by_date = self.need_by_date

        account: dict[str, Any] | None | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        elif isinstance(self.account, AccountRef):
            account = self.account.to_dict()
        else:
            account = self.account

        commodity: dict[str, Any] | None | Unset
        if isinstance(self.commodity, Unset):
            commodity = UNSET
        elif isinstance(self.commodity, Ref):
            commodity = self.commodity.to_dict()
        else:
            commodity = self.commodity

        item: dict[str, Any] | None | Unset
        if isinstance(self.item, Unset):
            item = UNSET
        elif isinstance(self.item, ItemRef):
            item = self.item.to_dict()
        else:
            item = self.item


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
        })
        if line_number is not UNSET:
            field_dict["line_number"] = line_number
        if description is not UNSET:
            field_dict["description"] = description
        if type_ is not UNSET:
            field_dict["type"] = type_
        if status is not UNSET:
            field_dict["status"] = status
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if unit_price is not UNSET:
            field_dict["unit_price"] = unit_price
        if total is not UNSET:
            field_dict["total"] = total
        if uom is not UNSET:
            field_dict["uom"] = uom
        if need_by_date is not UNSET:
            field_dict["need_by_date"] = need_by_date
        if account is not UNSET:
            field_dict["account"] = account
        if commodity is not UNSET:
            field_dict["commodity"] = commodity
        if item is not UNSET:
            field_dict["item"] = item

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_ref import AccountRef # noqa: PLC0415
        from ..models.item_ref import ItemRef # noqa: PLC0415
        from ..models.ref import Ref # noqa: PLC0415
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


        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))


        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))


        def _parse_quantity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))


        def _parse_unit_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit_price = _parse_unit_price(d.pop("unit_price", UNSET))


        def _parse_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        total = _parse_total(d.pop("total", UNSET))


        def _parse_uom(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uom = _parse_uom(d.pop("uom", UNSET))


        def _parse_need_by_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                need_by_date_type_0 = datetime.date.fromisoformat(data)



                return need_by_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        need_by_date = _parse_need_by_date(d.pop("need_by_date", UNSET))


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


        def _parse_commodity(data: object) -> None | Ref | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                commodity_type_0 = Ref.from_dict(data)



                return commodity_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Ref | Unset, data)

        commodity = _parse_commodity(d.pop("commodity", UNSET))


        def _parse_item(data: object) -> ItemRef | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                item_type_0 = ItemRef.from_dict(data)



                return item_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ItemRef | None | Unset, data)

        item = _parse_item(d.pop("item", UNSET))


        purchase_order_line = cls(
            id=id,
            line_number=line_number,
            description=description,
            type_=type_,
            status=status,
            quantity=quantity,
            unit_price=unit_price,
            total=total,
            uom=uom,
            need_by_date=need_by_date,
            account=account,
            commodity=commodity,
            item=item,
        )

        return purchase_order_line

