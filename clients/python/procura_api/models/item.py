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
  from ..models.item_custom_fields import ItemCustomFields
  from ..models.item_remote_data import ItemRemoteData
  from ..models.ref import Ref





T = TypeVar("T", bound="Item")



@_attrs_define
class Item:
    """ A catalogue item.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (ItemCustomFields): Custom fields the tenant's overrides map; {} when none.
            name (None | str | Unset): Name.
            number (None | str | Unset): Item number.
            description (None | str | Unset): Description.
            active (bool | Unset): Whether it can be ordered.
            item_type (None | str | Unset): Item type.
            uom (None | str | Unset): Unit of measure code.
            commodity (None | Ref | Unset): Commodity.
            manufacturer_name (None | str | Unset): Manufacturer.
            manufacturer_part_number (None | str | Unset): Manufacturer part number.
            remote_data (ItemRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: ItemCustomFields
    name: None | str | Unset = UNSET
    number: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    active: bool | Unset = UNSET
    item_type: None | str | Unset = UNSET
    uom: None | str | Unset = UNSET
    commodity: None | Ref | Unset = UNSET
    manufacturer_name: None | str | Unset = UNSET
    manufacturer_part_number: None | str | Unset = UNSET
    remote_data: ItemRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.item_custom_fields import ItemCustomFields # noqa: PLC0415
        from ..models.item_remote_data import ItemRemoteData # noqa: PLC0415
        from ..models.ref import Ref # noqa: PLC0415
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

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        active = self.active

        item_type: None | str | Unset
        if isinstance(self.item_type, Unset):
            item_type = UNSET
        else:
            item_type = self.item_type

        uom: None | str | Unset
        if isinstance(self.uom, Unset):
            uom = UNSET
        else:
            uom = self.uom

        commodity: dict[str, Any] | None | Unset
        if isinstance(self.commodity, Unset):
            commodity = UNSET
        elif isinstance(self.commodity, Ref):
            commodity = self.commodity.to_dict()
        else:
            commodity = self.commodity

        manufacturer_name: None | str | Unset
        if isinstance(self.manufacturer_name, Unset):
            manufacturer_name = UNSET
        else:
            manufacturer_name = self.manufacturer_name

        manufacturer_part_number: None | str | Unset
        if isinstance(self.manufacturer_part_number, Unset):
            manufacturer_part_number = UNSET
        else:
            manufacturer_part_number = self.manufacturer_part_number

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
        if description is not UNSET:
            field_dict["description"] = description
        if active is not UNSET:
            field_dict["active"] = active
        if item_type is not UNSET:
            field_dict["item_type"] = item_type
        if uom is not UNSET:
            field_dict["uom"] = uom
        if commodity is not UNSET:
            field_dict["commodity"] = commodity
        if manufacturer_name is not UNSET:
            field_dict["manufacturer_name"] = manufacturer_name
        if manufacturer_part_number is not UNSET:
            field_dict["manufacturer_part_number"] = manufacturer_part_number
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.item_custom_fields import ItemCustomFields # noqa: PLC0415
        from ..models.item_remote_data import ItemRemoteData # noqa: PLC0415
        from ..models.ref import Ref # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = ItemCustomFields.from_dict(d.pop("custom_fields"))




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


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        active = d.pop("active", UNSET)

        def _parse_item_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        item_type = _parse_item_type(d.pop("item_type", UNSET))


        def _parse_uom(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uom = _parse_uom(d.pop("uom", UNSET))


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


        def _parse_manufacturer_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        manufacturer_name = _parse_manufacturer_name(d.pop("manufacturer_name", UNSET))


        def _parse_manufacturer_part_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        manufacturer_part_number = _parse_manufacturer_part_number(d.pop("manufacturer_part_number", UNSET))


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: ItemRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = ItemRemoteData.from_dict(_remote_data)




        item = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            name=name,
            number=number,
            description=description,
            active=active,
            item_type=item_type,
            uom=uom,
            commodity=commodity,
            manufacturer_name=manufacturer_name,
            manufacturer_part_number=manufacturer_part_number,
            remote_data=remote_data,
        )

        return item

