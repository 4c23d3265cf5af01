from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.problem_type import ProblemType
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.field_error import FieldError





T = TypeVar("T", bound="Problem")



@_attrs_define
class Problem:
    """ RFC 9457 problem details.

        Attributes:
            type_ (ProblemType): URI naming the problem type; the last segment is stable (e.g. authentication_error).
            title (str): Short summary of the problem type.
            status (int): HTTP status.
            detail (str): What went wrong, for this request.
            request_id (str): The request id, as in the x-request-id header.
            parameter (str | Unset): The query parameter or header at fault (400).
            errors (list[FieldError] | Unset): Validation failures (422), in unified field names.
            upstream_status (int | Unset): The provider's status, when it answered.
            resource (str | Unset): Resource whose mapping failed (mapping_error).
            tenant_id (str | Unset): Tenant whose mapping failed (mapping_error).
            record_id (str | Unset): The provider's id of the record that failed to map (mapping_error).
            mapping_file (str | Unset): Mapping file whose expression failed (mapping_error).
            jsonata_code (str | Unset): JSONata error code (mapping_error).
            jsonata_error (str | Unset): JSONata error message (mapping_error).
            outcome (str | Unset): "unknown" when a write timed out: it may or may not have been applied.
     """

    type_: ProblemType
    title: str
    status: int
    detail: str
    request_id: str
    parameter: str | Unset = UNSET
    errors: list[FieldError] | Unset = UNSET
    upstream_status: int | Unset = UNSET
    resource: str | Unset = UNSET
    tenant_id: str | Unset = UNSET
    record_id: str | Unset = UNSET
    mapping_file: str | Unset = UNSET
    jsonata_code: str | Unset = UNSET
    jsonata_error: str | Unset = UNSET
    outcome: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.field_error import FieldError # noqa: PLC0415
        type_ = self.type_.value

        title = self.title

        status = self.status

        detail = self.detail

        request_id = self.request_id

        parameter = self.parameter

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)



        upstream_status = self.upstream_status

        resource = self.resource

        tenant_id = self.tenant_id

        record_id = self.record_id

        mapping_file = self.mapping_file

        jsonata_code = self.jsonata_code

        jsonata_error = self.jsonata_error

        outcome = self.outcome


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "type": type_,
            "title": title,
            "status": status,
            "detail": detail,
            "request_id": request_id,
        })
        if parameter is not UNSET:
            field_dict["parameter"] = parameter
        if errors is not UNSET:
            field_dict["errors"] = errors
        if upstream_status is not UNSET:
            field_dict["upstream_status"] = upstream_status
        if resource is not UNSET:
            field_dict["resource"] = resource
        if tenant_id is not UNSET:
            field_dict["tenant_id"] = tenant_id
        if record_id is not UNSET:
            field_dict["record_id"] = record_id
        if mapping_file is not UNSET:
            field_dict["mapping_file"] = mapping_file
        if jsonata_code is not UNSET:
            field_dict["jsonata_code"] = jsonata_code
        if jsonata_error is not UNSET:
            field_dict["jsonata_error"] = jsonata_error
        if outcome is not UNSET:
            field_dict["outcome"] = outcome

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError # noqa: PLC0415
        d = dict(src_dict)
        type_ = ProblemType(d.pop("type"))




        title = d.pop("title")

        status = d.pop("status")

        detail = d.pop("detail")

        request_id = d.pop("request_id")

        parameter = d.pop("parameter", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[FieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldError.from_dict(errors_item_data)



                errors.append(errors_item)


        upstream_status = d.pop("upstream_status", UNSET)

        resource = d.pop("resource", UNSET)

        tenant_id = d.pop("tenant_id", UNSET)

        record_id = d.pop("record_id", UNSET)

        mapping_file = d.pop("mapping_file", UNSET)

        jsonata_code = d.pop("jsonata_code", UNSET)

        jsonata_error = d.pop("jsonata_error", UNSET)

        outcome = d.pop("outcome", UNSET)

        problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            request_id=request_id,
            parameter=parameter,
            errors=errors,
            upstream_status=upstream_status,
            resource=resource,
            tenant_id=tenant_id,
            record_id=record_id,
            mapping_file=mapping_file,
            jsonata_code=jsonata_code,
            jsonata_error=jsonata_error,
            outcome=outcome,
        )


        problem.additional_properties = d
        return problem

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
