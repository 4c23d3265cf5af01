from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    sample: int | Unset = 10,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    params: dict[str, Any] = {}

    params["sample"] = sample


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/unified/procurement/purchase_order_lines/remote_fields",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    sample: int | Unset = 10,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | str]:
    """ Field paths of live purchase_order_lines records in the tenant's system (admin keys)

     Reads `sample` records of the tenant's provider whole (one call, no field selection) and answers
    every field path in them, with the types seen, how many records have it, examples, and whether it is
    a custom field (Coupa custom-fields, Oracle DFF). The records themselves come along, for the
    studio's preview.

    Args:
        sample (int | Unset):  Default: 10.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
     """


    kwargs = _get_kwargs(
        sample=sample,
x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    sample: int | Unset = 10,
    x_request_id: str | Unset = UNSET,

) -> Problem | str | None:
    """ Field paths of live purchase_order_lines records in the tenant's system (admin keys)

     Reads `sample` records of the tenant's provider whole (one call, no field selection) and answers
    every field path in them, with the types seen, how many records have it, examples, and whether it is
    a custom field (Coupa custom-fields, Oracle DFF). The records themselves come along, for the
    studio's preview.

    Args:
        sample (int | Unset):  Default: 10.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
     """


    return sync_detailed(
        client=client,
sample=sample,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    sample: int | Unset = 10,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | str]:
    """ Field paths of live purchase_order_lines records in the tenant's system (admin keys)

     Reads `sample` records of the tenant's provider whole (one call, no field selection) and answers
    every field path in them, with the types seen, how many records have it, examples, and whether it is
    a custom field (Coupa custom-fields, Oracle DFF). The records themselves come along, for the
    studio's preview.

    Args:
        sample (int | Unset):  Default: 10.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
     """


    kwargs = _get_kwargs(
        sample=sample,
x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    sample: int | Unset = 10,
    x_request_id: str | Unset = UNSET,

) -> Problem | str | None:
    """ Field paths of live purchase_order_lines records in the tenant's system (admin keys)

     Reads `sample` records of the tenant's provider whole (one call, no field selection) and answers
    every field path in them, with the types seen, how many records have it, examples, and whether it is
    a custom field (Coupa custom-fields, Oracle DFF). The records themselves come along, for the
    studio's preview.

    Args:
        sample (int | Unset):  Default: 10.
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
     """


    return (await asyncio_detailed(
        client=client,
sample=sample,
x_request_id=x_request_id,

    )).parsed
