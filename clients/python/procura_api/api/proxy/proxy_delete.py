from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.proxy_delete_query import ProxyDeleteQuery
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    path: str,
    *,
    query: ProxyDeleteQuery | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    params: dict[str, Any] = {}

    json_query: dict[str, Any] | Unset = UNSET
    if not isinstance(query, Unset):
        json_query = query.to_dict()
    if not isinstance(json_query, Unset):
        params.update(json_query)



    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/proxy/api/{path}".format(path=quote(str(path), safe=""),),
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any:
    return None



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    query: ProxyDeleteQuery | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> Response[Any]:
    """ DELETE a provider API path, passed through byte for byte

     Only GET, POST, PUT, PATCH and DELETE are forwarded (any other method is 405 with Allow and reaches
    no one). Bodies stream through both ways; a request body over the body limit is 413, one that cannot
    be read (malformed chunked encoding) 400.

    Args:
        path (str):
        query (ProxyDeleteQuery | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
     """


    kwargs = _get_kwargs(
        path=path,
query=query,
x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


async def asyncio_detailed(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    query: ProxyDeleteQuery | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> Response[Any]:
    """ DELETE a provider API path, passed through byte for byte

     Only GET, POST, PUT, PATCH and DELETE are forwarded (any other method is 405 with Allow and reaches
    no one). Bodies stream through both ways; a request body over the body limit is 413, one that cannot
    be read (malformed chunked encoding) 400.

    Args:
        path (str):
        query (ProxyDeleteQuery | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
     """


    kwargs = _get_kwargs(
        path=path,
query=query,
x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

