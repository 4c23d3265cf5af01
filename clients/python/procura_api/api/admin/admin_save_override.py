from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.admin_save_override_resource_name import AdminSaveOverrideResourceName
from ...models.admin_save_override_response_200 import AdminSaveOverrideResponse200
from ...models.override_save import OverrideSave
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    resource_name: AdminSaveOverrideResourceName,
    *,
    body: OverrideSave,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/admin/tenants/{id}/overrides/{resource_name}".format(id=quote(str(id), safe=""),resource_name=quote(str(resource_name), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AdminSaveOverrideResponse200 | Problem | None:
    if response.status_code == 200:
        response_200 = AdminSaveOverrideResponse200.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AdminSaveOverrideResponse200 | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    resource_name: AdminSaveOverrideResourceName,
    *,
    client: AuthenticatedClient,
    body: OverrideSave,
    x_request_id: str | Unset = UNSET,

) -> Response[AdminSaveOverrideResponse200 | Problem]:
    """ Save the tenant's override of a resource (validated, versioned, live at once)

     The text is compiled with every other mapping; a text that does not compile is refused (422, errors
    at line:column) and nothing is saved. Saved overrides live in the state store, take the place of the
    tenant's override file for that resource, and every earlier version is kept (up to `[studio]
    override_versions`).

    Args:
        id (str):
        resource_name (AdminSaveOverrideResourceName):
        x_request_id (str | Unset):
        body (OverrideSave):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminSaveOverrideResponse200 | Problem]
     """


    kwargs = _get_kwargs(
        id=id,
resource_name=resource_name,
body=body,
x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: str,
    resource_name: AdminSaveOverrideResourceName,
    *,
    client: AuthenticatedClient,
    body: OverrideSave,
    x_request_id: str | Unset = UNSET,

) -> AdminSaveOverrideResponse200 | Problem | None:
    """ Save the tenant's override of a resource (validated, versioned, live at once)

     The text is compiled with every other mapping; a text that does not compile is refused (422, errors
    at line:column) and nothing is saved. Saved overrides live in the state store, take the place of the
    tenant's override file for that resource, and every earlier version is kept (up to `[studio]
    override_versions`).

    Args:
        id (str):
        resource_name (AdminSaveOverrideResourceName):
        x_request_id (str | Unset):
        body (OverrideSave):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminSaveOverrideResponse200 | Problem
     """


    return sync_detailed(
        id=id,
resource_name=resource_name,
client=client,
body=body,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    id: str,
    resource_name: AdminSaveOverrideResourceName,
    *,
    client: AuthenticatedClient,
    body: OverrideSave,
    x_request_id: str | Unset = UNSET,

) -> Response[AdminSaveOverrideResponse200 | Problem]:
    """ Save the tenant's override of a resource (validated, versioned, live at once)

     The text is compiled with every other mapping; a text that does not compile is refused (422, errors
    at line:column) and nothing is saved. Saved overrides live in the state store, take the place of the
    tenant's override file for that resource, and every earlier version is kept (up to `[studio]
    override_versions`).

    Args:
        id (str):
        resource_name (AdminSaveOverrideResourceName):
        x_request_id (str | Unset):
        body (OverrideSave):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminSaveOverrideResponse200 | Problem]
     """


    kwargs = _get_kwargs(
        id=id,
resource_name=resource_name,
body=body,
x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: str,
    resource_name: AdminSaveOverrideResourceName,
    *,
    client: AuthenticatedClient,
    body: OverrideSave,
    x_request_id: str | Unset = UNSET,

) -> AdminSaveOverrideResponse200 | Problem | None:
    """ Save the tenant's override of a resource (validated, versioned, live at once)

     The text is compiled with every other mapping; a text that does not compile is refused (422, errors
    at line:column) and nothing is saved. Saved overrides live in the state store, take the place of the
    tenant's override file for that resource, and every earlier version is kept (up to `[studio]
    override_versions`).

    Args:
        id (str):
        resource_name (AdminSaveOverrideResourceName):
        x_request_id (str | Unset):
        body (OverrideSave):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminSaveOverrideResponse200 | Problem
     """


    return (await asyncio_detailed(
        id=id,
resource_name=resource_name,
client=client,
body=body,
x_request_id=x_request_id,

    )).parsed
