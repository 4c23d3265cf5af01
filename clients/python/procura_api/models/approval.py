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
  from ..models.approval_custom_fields import ApprovalCustomFields
  from ..models.approval_remote_data import ApprovalRemoteData
  from ..models.user_ref import UserRef





T = TypeVar("T", bound="Approval")



@_attrs_define
class Approval:
    """ One approval step.

        Attributes:
            id (str): The provider's id of the record.
            created_at (datetime.datetime): When the provider created the record (RFC 3339).
            updated_at (datetime.datetime): When the record last changed at the provider (RFC 3339).
            custom_fields (ApprovalCustomFields): Custom fields the tenant's overrides map; {} when none.
            status (None | str | Unset): pending_approval, approved, rejected, …
            type_ (None | str | Unset): Approval type.
            approvable_type (None | str | Unset): What is approved: RequisitionHeader, OrderHeader, InvoiceHeader,
                ExpenseReport, …
            approvable_id (None | str | Unset): Id of what is approved.
            position (int | None | Unset): Position in the approval chain.
            approver (None | Unset | UserRef): Approver.
            approval_date (datetime.datetime | None | Unset): When it was decided.
            note (None | str | Unset): Approver's note.
            remote_data (ApprovalRemoteData | Unset): The provider's raw record, untouched (only with remote_data=true).
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    custom_fields: ApprovalCustomFields
    status: None | str | Unset = UNSET
    type_: None | str | Unset = UNSET
    approvable_type: None | str | Unset = UNSET
    approvable_id: None | str | Unset = UNSET
    position: int | None | Unset = UNSET
    approver: None | Unset | UserRef = UNSET
    approval_date: datetime.datetime | None | Unset = UNSET
    note: None | str | Unset = UNSET
    remote_data: ApprovalRemoteData | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.approval_custom_fields import ApprovalCustomFields # noqa: PLC0415
        from ..models.approval_remote_data import ApprovalRemoteData # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        custom_fields = self.custom_fields.to_dict()

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

        approvable_type: None | str | Unset
        if isinstance(self.approvable_type, Unset):
            approvable_type = UNSET
        else:
            approvable_type = self.approvable_type

        approvable_id: None | str | Unset
        if isinstance(self.approvable_id, Unset):
            approvable_id = UNSET
        else:
            approvable_id = self.approvable_id

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        approver: dict[str, Any] | None | Unset
        if isinstance(self.approver, Unset):
            approver = UNSET
        elif isinstance(self.approver, UserRef):
            approver = self.approver.to_dict()
        else:
            approver = self.approver

        approval_date: None | str | Unset
        if isinstance(self.approval_date, Unset):
            approval_date = UNSET
        elif isinstance(self.approval_date, datetime.datetime):
            approval_date = self.approval_date.isoformat()
        else:
            approval_date = self.approval_date

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

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
        if status is not UNSET:
            field_dict["status"] = status
        if type_ is not UNSET:
            field_dict["type"] = type_
        if approvable_type is not UNSET:
            field_dict["approvable_type"] = approvable_type
        if approvable_id is not UNSET:
            field_dict["approvable_id"] = approvable_id
        if position is not UNSET:
            field_dict["position"] = position
        if approver is not UNSET:
            field_dict["approver"] = approver
        if approval_date is not UNSET:
            field_dict["approval_date"] = approval_date
        if note is not UNSET:
            field_dict["note"] = note
        if remote_data is not UNSET:
            field_dict["remote_data"] = remote_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_custom_fields import ApprovalCustomFields # noqa: PLC0415
        from ..models.approval_remote_data import ApprovalRemoteData # noqa: PLC0415
        from ..models.user_ref import UserRef # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        custom_fields = ApprovalCustomFields.from_dict(d.pop("custom_fields"))




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


        def _parse_approvable_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        approvable_type = _parse_approvable_type(d.pop("approvable_type", UNSET))


        def _parse_approvable_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        approvable_id = _parse_approvable_id(d.pop("approvable_id", UNSET))


        def _parse_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position = _parse_position(d.pop("position", UNSET))


        def _parse_approver(data: object) -> None | Unset | UserRef:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                approver_type_0 = UserRef.from_dict(data)



                return approver_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserRef, data)

        approver = _parse_approver(d.pop("approver", UNSET))


        def _parse_approval_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                approval_date_type_0 = datetime.datetime.fromisoformat(data)



                return approval_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        approval_date = _parse_approval_date(d.pop("approval_date", UNSET))


        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        _remote_data = d.pop("remote_data", UNSET)
        remote_data: ApprovalRemoteData | Unset
        if isinstance(_remote_data,  Unset):
            remote_data = UNSET
        else:
            remote_data = ApprovalRemoteData.from_dict(_remote_data)




        approval = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            custom_fields=custom_fields,
            status=status,
            type_=type_,
            approvable_type=approvable_type,
            approvable_id=approvable_id,
            position=position,
            approver=approver,
            approval_date=approval_date,
            note=note,
            remote_data=remote_data,
        )

        return approval

