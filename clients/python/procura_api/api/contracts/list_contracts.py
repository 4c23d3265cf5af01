from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.contract_list import ContractList
from ...models.list_contracts_fields_item import ListContractsFieldsItem
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    sync_token: str | Unset = UNSET,
    updated_after: Any | Unset = UNSET,
    updated_before: Any | Unset = UNSET,
    created_after: Any | Unset = UNSET,
    remote_data: bool | Unset = UNSET,
    fields: list[ListContractsFieldsItem] | Unset = UNSET,
    number: str | Unset = UNSET,
    status: str | Unset = UNSET,
    supplier_id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["sync_token"] = sync_token

    json_updated_after: Any | Unset
    if isinstance(updated_after, Unset):
        json_updated_after = UNSET
    else:
        json_updated_after = updated_after
    params["updated_after"] = json_updated_after

    json_updated_before: Any | Unset
    if isinstance(updated_before, Unset):
        json_updated_before = UNSET
    else:
        json_updated_before = updated_before
    params["updated_before"] = json_updated_before

    json_created_after: Any | Unset
    if isinstance(created_after, Unset):
        json_created_after = UNSET
    else:
        json_created_after = created_after
    params["created_after"] = json_created_after

    params["remote_data"] = remote_data

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = []
        for fields_item_data in fields:
            fields_item = fields_item_data.value
            json_fields.append(fields_item)


    params["fields"] = json_fields

    params["number"] = number

    params["status"] = status

    params["supplier_id"] = supplier_id

    params["name"] = name


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/unified/procurement/contracts",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ContractList | Problem | str | None:
    if response.status_code == 200:
        response_200 = ContractList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ContractList | Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    sync_token: str | Unset = UNSET,
    updated_after: Any | Unset = UNSET,
    updated_before: Any | Unset = UNSET,
    created_after: Any | Unset = UNSET,
    remote_data: bool | Unset = UNSET,
    fields: list[ListContractsFieldsItem] | Unset = UNSET,
    number: str | Unset = UNSET,
    status: str | Unset = UNSET,
    supplier_id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> Response[ContractList | Problem | str]:
    """ List contracts

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        sync_token (str | Unset):
        updated_after (Any | Unset):
        updated_before (Any | Unset):
        created_after (Any | Unset):
        remote_data (bool | Unset):
        fields (list[ListContractsFieldsItem] | Unset):
        number (str | Unset):
        status (str | Unset):
        supplier_id (str | Unset):
        name (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContractList | Problem | str]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
sync_token=sync_token,
updated_after=updated_after,
updated_before=updated_before,
created_after=created_after,
remote_data=remote_data,
fields=fields,
number=number,
status=status,
supplier_id=supplier_id,
name=name,
x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    sync_token: str | Unset = UNSET,
    updated_after: Any | Unset = UNSET,
    updated_before: Any | Unset = UNSET,
    created_after: Any | Unset = UNSET,
    remote_data: bool | Unset = UNSET,
    fields: list[ListContractsFieldsItem] | Unset = UNSET,
    number: str | Unset = UNSET,
    status: str | Unset = UNSET,
    supplier_id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> ContractList | Problem | str | None:
    """ List contracts

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        sync_token (str | Unset):
        updated_after (Any | Unset):
        updated_before (Any | Unset):
        created_after (Any | Unset):
        remote_data (bool | Unset):
        fields (list[ListContractsFieldsItem] | Unset):
        number (str | Unset):
        status (str | Unset):
        supplier_id (str | Unset):
        name (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContractList | Problem | str
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
sync_token=sync_token,
updated_after=updated_after,
updated_before=updated_before,
created_after=created_after,
remote_data=remote_data,
fields=fields,
number=number,
status=status,
supplier_id=supplier_id,
name=name,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    sync_token: str | Unset = UNSET,
    updated_after: Any | Unset = UNSET,
    updated_before: Any | Unset = UNSET,
    created_after: Any | Unset = UNSET,
    remote_data: bool | Unset = UNSET,
    fields: list[ListContractsFieldsItem] | Unset = UNSET,
    number: str | Unset = UNSET,
    status: str | Unset = UNSET,
    supplier_id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> Response[ContractList | Problem | str]:
    """ List contracts

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        sync_token (str | Unset):
        updated_after (Any | Unset):
        updated_before (Any | Unset):
        created_after (Any | Unset):
        remote_data (bool | Unset):
        fields (list[ListContractsFieldsItem] | Unset):
        number (str | Unset):
        status (str | Unset):
        supplier_id (str | Unset):
        name (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContractList | Problem | str]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
sync_token=sync_token,
updated_after=updated_after,
updated_before=updated_before,
created_after=created_after,
remote_data=remote_data,
fields=fields,
number=number,
status=status,
supplier_id=supplier_id,
name=name,
x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    sync_token: str | Unset = UNSET,
    updated_after: Any | Unset = UNSET,
    updated_before: Any | Unset = UNSET,
    created_after: Any | Unset = UNSET,
    remote_data: bool | Unset = UNSET,
    fields: list[ListContractsFieldsItem] | Unset = UNSET,
    number: str | Unset = UNSET,
    status: str | Unset = UNSET,
    supplier_id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,

) -> ContractList | Problem | str | None:
    """ List contracts

    Args:
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        sync_token (str | Unset):
        updated_after (Any | Unset):
        updated_before (Any | Unset):
        created_after (Any | Unset):
        remote_data (bool | Unset):
        fields (list[ListContractsFieldsItem] | Unset):
        number (str | Unset):
        status (str | Unset):
        supplier_id (str | Unset):
        name (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContractList | Problem | str
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
sync_token=sync_token,
updated_after=updated_after,
updated_before=updated_before,
created_after=created_after,
remote_data=remote_data,
fields=fields,
number=number,
status=status,
supplier_id=supplier_id,
name=name,
x_request_id=x_request_id,

    )).parsed
