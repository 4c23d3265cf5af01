from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tenant_status_auth_state import TenantStatusAuthState
from ..types import UNSET, Unset






T = TypeVar("T", bound="TenantStatusAuth")



@_attrs_define
class TenantStatusAuth:
    """ Token state: state is pending, ok or needs_reauth.

        Attributes:
            state (TenantStatusAuthState | Unset):
     """

    state: TenantStatusAuthState | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _state = d.pop("state", UNSET)
        state: TenantStatusAuthState | Unset
        if isinstance(_state,  Unset):
            state = UNSET
        else:
            state = TenantStatusAuthState(_state)




        tenant_status_auth = cls(
            state=state,
        )


        tenant_status_auth.additional_properties = d
        return tenant_status_auth

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
