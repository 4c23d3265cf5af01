from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.mcp_body import McpBody
from ...models.mcp_response_200 import McpResponse200
from ...models.mcp_response_400 import McpResponse400
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: McpBody,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mcp",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | McpResponse200 | McpResponse400 | Problem | None:
    if response.status_code == 200:
        response_200 = McpResponse200.from_dict(response.json())



        return response_200

    if response.status_code == 202:
        response_202 = cast(Any, None)
        return response_202

    if response.status_code == 400:
        response_400 = McpResponse400.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | McpResponse200 | McpResponse400 | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: McpBody,
    x_request_id: str | Unset = UNSET,

) -> Response[Any | McpResponse200 | McpResponse400 | Problem]:
    """ Model Context Protocol (streamable HTTP): tools list_<resource>, get_<resource> and the writes

    Args:
        x_request_id (str | Unset):
        body (McpBody): A JSON-RPC 2.0 message.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | McpResponse200 | McpResponse400 | Problem]
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
    client: AuthenticatedClient | Client,
    body: McpBody,
    x_request_id: str | Unset = UNSET,

) -> Any | McpResponse200 | McpResponse400 | Problem | None:
    """ Model Context Protocol (streamable HTTP): tools list_<resource>, get_<resource> and the writes

    Args:
        x_request_id (str | Unset):
        body (McpBody): A JSON-RPC 2.0 message.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | McpResponse200 | McpResponse400 | Problem
     """


    return sync_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: McpBody,
    x_request_id: str | Unset = UNSET,

) -> Response[Any | McpResponse200 | McpResponse400 | Problem]:
    """ Model Context Protocol (streamable HTTP): tools list_<resource>, get_<resource> and the writes

    Args:
        x_request_id (str | Unset):
        body (McpBody): A JSON-RPC 2.0 message.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | McpResponse200 | McpResponse400 | Problem]
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
    client: AuthenticatedClient | Client,
    body: McpBody,
    x_request_id: str | Unset = UNSET,

) -> Any | McpResponse200 | McpResponse400 | Problem | None:
    """ Model Context Protocol (streamable HTTP): tools list_<resource>, get_<resource> and the writes

    Args:
        x_request_id (str | Unset):
        body (McpBody): A JSON-RPC 2.0 message.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | McpResponse200 | McpResponse400 | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    )).parsed
