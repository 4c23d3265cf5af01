from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.tenant_patch import TenantPatch
from ...models.tenant_status import TenantStatus
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    *,
    body: TenantPatch,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/admin/tenants/{id}".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TenantStatus | None:
    if response.status_code == 200:
        response_200 = TenantStatus.from_dict(response.json())



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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TenantStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TenantPatch,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | TenantStatus]:
    """ Change a runtime tenant (admin key for all tenants)

     Fields given replace the tenant's; secrets left out stay as stored. A token is obtained with the
    changed settings before they are committed. Tenants of the config file are read-only (409).

    Args:
        id (str):
        x_request_id (str | Unset):
        body (TenantPatch): Fields given replace the tenant's; secrets left out (or empty in auth)
            stay as stored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantStatus]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TenantPatch,
    x_request_id: str | Unset = UNSET,

) -> Problem | TenantStatus | None:
    """ Change a runtime tenant (admin key for all tenants)

     Fields given replace the tenant's; secrets left out stay as stored. A token is obtained with the
    changed settings before they are committed. Tenants of the config file are read-only (409).

    Args:
        id (str):
        x_request_id (str | Unset):
        body (TenantPatch): Fields given replace the tenant's; secrets left out (or empty in auth)
            stay as stored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantStatus
     """


    return sync_detailed(
        id=id,
client=client,
body=body,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TenantPatch,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | TenantStatus]:
    """ Change a runtime tenant (admin key for all tenants)

     Fields given replace the tenant's; secrets left out stay as stored. A token is obtained with the
    changed settings before they are committed. Tenants of the config file are read-only (409).

    Args:
        id (str):
        x_request_id (str | Unset):
        body (TenantPatch): Fields given replace the tenant's; secrets left out (or empty in auth)
            stay as stored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantStatus]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TenantPatch,
    x_request_id: str | Unset = UNSET,

) -> Problem | TenantStatus | None:
    """ Change a runtime tenant (admin key for all tenants)

     Fields given replace the tenant's; secrets left out stay as stored. A token is obtained with the
    changed settings before they are committed. Tenants of the config file are read-only (409).

    Args:
        id (str):
        x_request_id (str | Unset):
        body (TenantPatch): Fields given replace the tenant's; secrets left out (or empty in auth)
            stay as stored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantStatus
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,
x_request_id=x_request_id,

    )).parsed
