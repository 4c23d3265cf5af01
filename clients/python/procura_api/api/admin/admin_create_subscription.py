from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.subscription import Subscription
from ...models.subscription_create import SubscriptionCreate
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: SubscriptionCreate,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/admin/subscriptions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Subscription | None:
    if response.status_code == 201:
        response_201 = Subscription.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | Subscription]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionCreate,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | Subscription]:
    """ Create a subscription at runtime (admin key for its tenant)

     The subscription is checked as a config file's `[[subscriptions]]` entry is (its tenant in service,
    a config file's or a runtime one, with every resource named; its url against `[studio]
    subscription_hosts` when set), stored with its secret encrypted in the state backend, and polled at
    once; with Redis every replica takes it up within a second. The secret is write-only. One audit line
    per change.

    Args:
        x_request_id (str | Unset):
        body (SubscriptionCreate): A subscription as a config file's `[[subscriptions]]` entry has
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Subscription]
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
    body: SubscriptionCreate,
    x_request_id: str | Unset = UNSET,

) -> Problem | Subscription | None:
    """ Create a subscription at runtime (admin key for its tenant)

     The subscription is checked as a config file's `[[subscriptions]]` entry is (its tenant in service,
    a config file's or a runtime one, with every resource named; its url against `[studio]
    subscription_hosts` when set), stored with its secret encrypted in the state backend, and polled at
    once; with Redis every replica takes it up within a second. The secret is write-only. One audit line
    per change.

    Args:
        x_request_id (str | Unset):
        body (SubscriptionCreate): A subscription as a config file's `[[subscriptions]]` entry has
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Subscription
     """


    return sync_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionCreate,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | Subscription]:
    """ Create a subscription at runtime (admin key for its tenant)

     The subscription is checked as a config file's `[[subscriptions]]` entry is (its tenant in service,
    a config file's or a runtime one, with every resource named; its url against `[studio]
    subscription_hosts` when set), stored with its secret encrypted in the state backend, and polled at
    once; with Redis every replica takes it up within a second. The secret is write-only. One audit line
    per change.

    Args:
        x_request_id (str | Unset):
        body (SubscriptionCreate): A subscription as a config file's `[[subscriptions]]` entry has
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Subscription]
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
    body: SubscriptionCreate,
    x_request_id: str | Unset = UNSET,

) -> Problem | Subscription | None:
    """ Create a subscription at runtime (admin key for its tenant)

     The subscription is checked as a config file's `[[subscriptions]]` entry is (its tenant in service,
    a config file's or a runtime one, with every resource named; its url against `[studio]
    subscription_hosts` when set), stored with its secret encrypted in the state backend, and polled at
    once; with Redis every replica takes it up within a second. The secret is write-only. One audit line
    per change.

    Args:
        x_request_id (str | Unset):
        body (SubscriptionCreate): A subscription as a config file's `[[subscriptions]]` entry has
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Subscription
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    )).parsed
