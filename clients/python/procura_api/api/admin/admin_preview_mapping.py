from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.preview import Preview
from ...models.preview_request import PreviewRequest
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: PreviewRequest,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/admin/mappings/preview",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Preview | Problem | str | None:
    if response.status_code == 200:
        response_200 = Preview.from_dict(response.json())



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

    if response.status_code == 429:
        response_429 = response.text
        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())



        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Preview | Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PreviewRequest,
    x_request_id: str | Unset = UNSET,

) -> Response[Preview | Problem | str]:
    """ An override's effect on live (or given) records, before it is saved

     Compiles the override over the tenant's base and deployment mappings and maps each record with it
    and without it. Answers the output, its difference from the base mapping's, violations of the
    tenant's schema, compile errors at line:column, and the provider field selection the override
    causes. Saves nothing.

    Args:
        x_request_id (str | Unset):
        body (PreviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Preview | Problem | str]
     """


    kwargs = _get_kwargs(
        body=body,
x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: PreviewRequest,
    x_request_id: str | Unset = UNSET,

) -> Preview | Problem | str | None:
    """ An override's effect on live (or given) records, before it is saved

     Compiles the override over the tenant's base and deployment mappings and maps each record with it
    and without it. Answers the output, its difference from the base mapping's, violations of the
    tenant's schema, compile errors at line:column, and the provider field selection the override
    causes. Saves nothing.

    Args:
        x_request_id (str | Unset):
        body (PreviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Preview | Problem | str
     """


    return sync_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PreviewRequest,
    x_request_id: str | Unset = UNSET,

) -> Response[Preview | Problem | str]:
    """ An override's effect on live (or given) records, before it is saved

     Compiles the override over the tenant's base and deployment mappings and maps each record with it
    and without it. Answers the output, its difference from the base mapping's, violations of the
    tenant's schema, compile errors at line:column, and the provider field selection the override
    causes. Saves nothing.

    Args:
        x_request_id (str | Unset):
        body (PreviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Preview | Problem | str]
     """


    kwargs = _get_kwargs(
        body=body,
x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PreviewRequest,
    x_request_id: str | Unset = UNSET,

) -> Preview | Problem | str | None:
    """ An override's effect on live (or given) records, before it is saved

     Compiles the override over the tenant's base and deployment mappings and maps each record with it
    and without it. Answers the output, its difference from the base mapping's, violations of the
    tenant's schema, compile errors at line:column, and the provider field selection the override
    causes. Saves nothing.

    Args:
        x_request_id (str | Unset):
        body (PreviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Preview | Problem | str
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    )).parsed
