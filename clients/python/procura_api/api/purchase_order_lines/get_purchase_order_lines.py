from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_purchase_order_lines_fields_item import GetPurchaseOrderLinesFieldsItem
from ...models.problem import Problem
from ...models.purchase_order_line_record import PurchaseOrderLineRecord
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    *,
    remote_data: bool | Unset = UNSET,
    fields: list[GetPurchaseOrderLinesFieldsItem] | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    params: dict[str, Any] = {}

    params["remote_data"] = remote_data

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = []
        for fields_item_data in fields:
            fields_item = fields_item_data.value
            json_fields.append(fields_item)


    params["fields"] = json_fields


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/unified/procurement/purchase_order_lines/{id}".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | PurchaseOrderLineRecord | str | None:
    if response.status_code == 200:
        response_200 = PurchaseOrderLineRecord.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | PurchaseOrderLineRecord | str]:
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
    remote_data: bool | Unset = UNSET,
    fields: list[GetPurchaseOrderLinesFieldsItem] | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | PurchaseOrderLineRecord | str]:
    """ Get one PurchaseOrderLineRecord

    Args:
        id (str):
        remote_data (bool | Unset):
        fields (list[GetPurchaseOrderLinesFieldsItem] | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PurchaseOrderLineRecord | str]
     """


    kwargs = _get_kwargs(
        id=id,
remote_data=remote_data,
fields=fields,
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
    remote_data: bool | Unset = UNSET,
    fields: list[GetPurchaseOrderLinesFieldsItem] | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> Problem | PurchaseOrderLineRecord | str | None:
    """ Get one PurchaseOrderLineRecord

    Args:
        id (str):
        remote_data (bool | Unset):
        fields (list[GetPurchaseOrderLinesFieldsItem] | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PurchaseOrderLineRecord | str
     """


    return sync_detailed(
        id=id,
client=client,
remote_data=remote_data,
fields=fields,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    remote_data: bool | Unset = UNSET,
    fields: list[GetPurchaseOrderLinesFieldsItem] | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | PurchaseOrderLineRecord | str]:
    """ Get one PurchaseOrderLineRecord

    Args:
        id (str):
        remote_data (bool | Unset):
        fields (list[GetPurchaseOrderLinesFieldsItem] | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PurchaseOrderLineRecord | str]
     """


    kwargs = _get_kwargs(
        id=id,
remote_data=remote_data,
fields=fields,
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
    remote_data: bool | Unset = UNSET,
    fields: list[GetPurchaseOrderLinesFieldsItem] | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> Problem | PurchaseOrderLineRecord | str | None:
    """ Get one PurchaseOrderLineRecord

    Args:
        id (str):
        remote_data (bool | Unset):
        fields (list[GetPurchaseOrderLinesFieldsItem] | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PurchaseOrderLineRecord | str
     """


    return (await asyncio_detailed(
        id=id,
client=client,
remote_data=remote_data,
fields=fields,
x_request_id=x_request_id,

    )).parsed
