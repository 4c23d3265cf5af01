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
  from ..models.ref import Ref
  from ..models.requisition_custom_fields import RequisitionCustomFields
  from ..models.requisition_line import RequisitionLine
  from ..models.requisition_remote_data import RequisitionRemoteData
  from ..models.user_ref import UserRef





T = TypeVar("T", bound="Requisition")



@_attrs_define
class Requisition:
    """ A requisition (purchase request).

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (RequisitionCustomFields): Custom fields the tenant's overrides map; {} when none.
            title (None | str | Unset): Title.
            status (None | str | Unset): draft, pending_approval, approved, ordered, …
            requester (None | Unset | UserRef): Who requested it.
            department (None | Ref | Unset): Department.
            currency (None | str | Unset): ISO 4217 currency code.
            total (None | str | Unset): Total.
            need_by_date (datetime.date | None | Unset): Date needed.
            submitted_at (datetime.datetime | None | Unset): When it was submitted.
            justification (None | str | Unset): Why it is needed.
            ship_to_attention (None | str | Unset): Attention line.
            exported (bool | Unset): Whether it was marked exported.
            lines (list[RequisitionLine] | Unset): The requisition's lines.
            remote_data (RequisitionRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: RequisitionCustomFields
    title: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    requester: None | Unset | UserRef = UNSET
    department: None | Ref | Unset = UNSET
    currency: None | str | Unset = UNSET
    total: None | str | Unset = UNSET
    need_by_date: datetime.date | None | Unset = UNSET
    submitted_at: datetime.datetime | None | Unset = UNSET
    justification: None | str | Unset = UNSET
    ship_to_attention: None | str | Unset = UNSET
    exported: bool | Unset = UNSET
    lines: list[RequisitionLine] | Unset = UNSET
    remote_data: RequisitionRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.ref import Ref # noqa: PLC0415
        from ..models.requisition_custom_fields import RequisitionCustomFields # noqa: PLC0415
        from ..models.requisition_line import RequisitionLine # noqa: PLC0415
        from ..models.requisition_remote_data import RequisitionRemoteData # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        requester: dict[str, Any] | None | Unset
        if isinstance(self.requester, Unset):
            requester = UNSET
        elif isinstance(self.requester, UserRef):
            requester = self.requester.to_dict()
        else:
            requester = self.requester

        department: dict[str, Any] | None | Unset
        if isinstance(self.department, Unset):
            department = UNSET
        elif isinstance(self.department, Ref):
            department = self.department.to_dict()
        else:
            department = self.department

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

        need_by_date: None | str | Unset
        if isinstance(self.need_by_date, Unset):
            need_by_date = UNSET
        elif isinstance(self.need_by_date, datetime.date):
            need_by_date = self.need_by_date.isoformat()
        else:
            need_by_date = self.need_by_date

        submitted_at: None | str | Unset
        if isinstance(self.submitted_at, Unset):
            submitted_at = UNSET
        elif isinstance(self.submitted_at, datetime.datetime):
            submitted_at = self.submitted_at.isoformat()
        else:
            submitted_at = self.submitted_at

        justification: None | str | Unset
        if isinstance(self.justification, Unset):
            justification = UNSET
        else:
            justification = self.justification

        ship_to_attention: None | str | Unset
        if isinstance(self.ship_to_attention, Unset):
            ship_to_attention = UNSET
        else:
            ship_to_attention = self.ship_to_attention

        exported = self.exported

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
        if title is not UNSET:
            field_dict["title"] = title
        if status is not UNSET:
            field_dict["status"] = status
        if requester is not UNSET:
            field_dict["requester"] = requester
        if department is not UNSET:
            field_dict["department"] = department
        if currency is not UNSET:
            field_dict["currency"] = currency
        if total is not UNSET:
            field_dict["total"] = total
        if need_by_date is not UNSET:
            field_dict["need_by_date"] = need_by_date
        if submitted_at is not UNSET:
            field_dict["submitted_at"] = submitted_at
        if justification is not UNSET:
            field_dict["justification"] = justification
        if ship_to_attention is not UNSET:
            field_dict["ship_to_attention"] = ship_to_attention
        if exported is not UNSET:
            field_dict["exported"] = exported
        if lines is not UNSET:
            field_dict["lines"] = lines
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ref import Ref # noqa: PLC0415
        from ..models.requisition_custom_fields import RequisitionCustomFields # noqa: PLC0415
        from ..models.requisition_line import RequisitionLine # noqa: PLC0415
        from ..models.requisition_remote_data import RequisitionRemoteData # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = RequisitionCustomFields.from_dict(d.pop("custom_fields"))




        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))


        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))


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


        def _parse_submitted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                submitted_at_type_0 = datetime.datetime.fromisoformat(data)



                return submitted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        submitted_at = _parse_submitted_at(d.pop("submitted_at", UNSET))


        def _parse_justification(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        justification = _parse_justification(d.pop("justification", UNSET))


        def _parse_ship_to_attention(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ship_to_attention = _parse_ship_to_attention(d.pop("ship_to_attention", UNSET))


        exported = d.pop("exported", UNSET)

        _lines = d.pop("lines", UNSET)
        lines: list[RequisitionLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = RequisitionLine.from_dict(lines_item_data)



                lines.append(lines_item)


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: RequisitionRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = RequisitionRemoteData.from_dict(_remote_data)




        requisition = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            title=title,
            status=status,
            requester=requester,
            department=department,
            currency=currency,
            total=total,
            need_by_date=need_by_date,
            submitted_at=submitted_at,
            justification=justification,
            ship_to_attention=ship_to_attention,
            exported=exported,
            lines=lines,
            remote_data=remote_data,
        )

        return requisition

