from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.admin_get_override_resource_name import AdminGetOverrideResourceName
from ...models.admin_get_override_response_200 import AdminGetOverrideResponse200
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    resource_name: AdminGetOverrideResourceName,
    *,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/admin/tenants/{id}/overrides/{resource_name}".format(id=quote(str(id), safe=""),resource_name=quote(str(resource_name), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AdminGetOverrideResponse200 | Problem | None:
    if response.status_code == 200:
        response_200 = AdminGetOverrideResponse200.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AdminGetOverrideResponse200 | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    resource_name: AdminGetOverrideResourceName,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,

) -> Response[AdminGetOverrideResponse200 | Problem]:
    """ The tenant's override of a resource, where it comes from, and its saved versions

    Args:
        id (str):
        resource_name (AdminGetOverrideResourceName):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminGetOverrideResponse200 | Problem]
     """


    kwargs = _get_kwargs(
        id=id,
resource_name=resource_name,
x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: str,
    resource_name: AdminGetOverrideResourceName,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,

) -> AdminGetOverrideResponse200 | Problem | None:
    """ The tenant's override of a resource, where it comes from, and its saved versions

    Args:
        id (str):
        resource_name (AdminGetOverrideResourceName):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminGetOverrideResponse200 | Problem
     """


    return sync_detailed(
        id=id,
resource_name=resource_name,
client=client,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    id: str,
    resource_name: AdminGetOverrideResourceName,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,

) -> Response[AdminGetOverrideResponse200 | Problem]:
    """ The tenant's override of a resource, where it comes from, and its saved versions

    Args:
        id (str):
        resource_name (AdminGetOverrideResourceName):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminGetOverrideResponse200 | Problem]
     """


    kwargs = _get_kwargs(
        id=id,
resource_name=resource_name,
x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: str,
    resource_name: AdminGetOverrideResourceName,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,

) -> AdminGetOverrideResponse200 | Problem | None:
    """ The tenant's override of a resource, where it comes from, and its saved versions

    Args:
        id (str):
        resource_name (AdminGetOverrideResourceName):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminGetOverrideResponse200 | Problem
     """


    return (await asyncio_detailed(
        id=id,
resource_name=resource_name,
client=client,
x_request_id=x_request_id,

    )).parsed
