from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.supplier import Supplier
from ...models.supplier_write import SupplierWrite
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    *,
    body: SupplierWrite,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/unified/procurement/suppliers/{id}".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Supplier | str | None:
    if response.status_code == 200:
        response_200 = Supplier.from_dict(response.json())



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

    if response.status_code == 429:
        response_429 = response.text
        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())



        return response_500

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())



        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | Supplier | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SupplierWrite,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | Supplier | str]:
    """ Update a Supplier (fields not named stay as they are)

    Args:
        id (str):
        x_request_id (str | Unset):
        body (SupplierWrite): Fields to write to a supplier. Required on create: name; an update
            (PATCH) names only the fields it changes, and the others stay as they are. Bodies are
            checked against this schema (with the tenant's custom fields) before anything is sent to
            the provider.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Supplier | str]
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
    client: AuthenticatedClient | Client,
    body: SupplierWrite,
    x_request_id: str | Unset = UNSET,

) -> Problem | Supplier | str | None:
    """ Update a Supplier (fields not named stay as they are)

    Args:
        id (str):
        x_request_id (str | Unset):
        body (SupplierWrite): Fields to write to a supplier. Required on create: name; an update
            (PATCH) names only the fields it changes, and the others stay as they are. Bodies are
            checked against this schema (with the tenant's custom fields) before anything is sent to
            the provider.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Supplier | str
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
    client: AuthenticatedClient | Client,
    body: SupplierWrite,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | Supplier | str]:
    """ Update a Supplier (fields not named stay as they are)

    Args:
        id (str):
        x_request_id (str | Unset):
        body (SupplierWrite): Fields to write to a supplier. Required on create: name; an update
            (PATCH) names only the fields it changes, and the others stay as they are. Bodies are
            checked against this schema (with the tenant's custom fields) before anything is sent to
            the provider.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Supplier | str]
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
    client: AuthenticatedClient | Client,
    body: SupplierWrite,
    x_request_id: str | Unset = UNSET,

) -> Problem | Supplier | str | None:
    """ Update a Supplier (fields not named stay as they are)

    Args:
        id (str):
        x_request_id (str | Unset):
        body (SupplierWrite): Fields to write to a supplier. Required on create: name; an update
            (PATCH) names only the fields it changes, and the others stay as they are. Bodies are
            checked against this schema (with the tenant's custom fields) before anything is sent to
            the provider.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Supplier | str
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,
x_request_id=x_request_id,

    )).parsed
