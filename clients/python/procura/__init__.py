"""procura's official Python client.

The models and one function per operation are generated from openapi.yaml into
``procura_api`` (``./generate``; never edited by hand). This package is the thin layer on
top: a client that waits out 429s, a page iterator that hands back the sync token, typed
problem errors, an idempotency-key helper and verification of procura's change
notifications (Standard Webhooks).
"""

from __future__ import annotations

import email.utils
import random
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from procura_api import AuthenticatedClient
from procura_api.models import Problem
from procura_api.types import UNSET, Response

__all__ = [
    "ProblemError",
    "RateLimitRetry",
    "Sync",
    "WebhookVerificationError",
    "check",
    "client",
    "new_idempotency_key",
    "sync",
    "verify_webhook",
]


class RateLimitRetry(httpx.BaseTransport):
    """An httpx transport that retries a 429 after the wait the answer names:
    ``Retry-After`` (seconds or an HTTP date), else ``ratelimit-reset``, else an
    exponential backoff with jitter. Other answers pass through untouched."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        max_retries: int = 5,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.sleep = sleep
        #: 429s waited out so far.
        self.retries = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            response = self.inner.handle_request(request)
            if response.status_code != 429 or attempt >= self.max_retries:
                return response
            response.read()
            response.close()
            self.sleep(min(self.max_wait, wait_for(response.headers, attempt)))
            self.retries += 1
            attempt += 1

    def close(self) -> None:
        self.inner.close()


def wait_for(headers: Mapping[str, str], attempt: int) -> float:
    """Seconds to wait before retrying a 429 with these headers."""
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            when = email.utils.parsedate_to_datetime(retry_after)
            if when is not None:
                return max(0.0, when.timestamp() - time.time())
    reset = headers.get("ratelimit-reset")
    if reset:
        try:
            return max(0.0, float(reset))
        except ValueError:
            pass
    return min(30.0, 0.5 * 2**attempt) * (0.5 + random.random() / 2)


def client(
    base_url: str,
    api_key: str,
    tenant: str,
    *,
    max_retries: int = 5,
    timeout: float = 60.0,
) -> AuthenticatedClient:
    """A client of the generated API for one tenant, retrying 429s (see RateLimitRetry).
    The transport is at ``client.get_httpx_client()._transport``."""
    return AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        headers={"X-Tenant-Id": tenant},
        timeout=httpx.Timeout(timeout),
        httpx_args={"transport": RateLimitRetry(max_retries=max_retries)},
    )


class ProblemError(Exception):
    """An RFC 9457 problem procura answered with (or an upstream 429 it passed on)."""

    def __init__(self, status: int, problem: Problem | None, body: str) -> None:
        self.status = status
        self.problem = problem
        self.body = body
        self.type = str(problem.type_) if problem else None
        #: The stable last segment of the type, e.g. ``validation_error``.
        self.slug = self.type.rsplit("/", 1)[-1] if self.type else None
        self.detail = problem.detail if problem else body
        self.errors = list(problem.errors) if problem and problem.errors is not UNSET else []
        self.parameter = problem.parameter if problem and problem.parameter is not UNSET else None
        super().__init__(f"{status} {self.slug or ''}: {self.detail}".strip())


def check(response: Response[Any]) -> Any:
    """The parsed body of a successful answer; a ProblemError for any other."""
    if 200 <= response.status_code < 300:
        return response.parsed
    parsed = response.parsed
    problem = parsed if isinstance(parsed, Problem) else None
    raise ProblemError(
        response.status_code, problem, response.content.decode("utf-8", "replace")
    )


class Sync:
    """The records of a list, page after page, following ``next_cursor``. Iterate it for
    typed records; afterwards ``sync_token`` holds the token of the last page, to pass
    as ``sync_token=`` on the next run (records created or updated since this one)."""

    def __init__(self, operation: Any, api: AuthenticatedClient, **params: Any) -> None:
        self.operation = operation
        self.api = api
        self.params = params
        self.sync_token: str | None = None
        self.pages = 0

    def __iter__(self) -> Iterator[Any]:
        params = dict(self.params)
        while True:
            page = check(self.operation.sync_detailed(client=self.api, **params))
            self.pages += 1
            yield from page.result
            cursor = page.next_cursor
            if not isinstance(cursor, str) or not cursor:
                token = page.sync_token
                self.sync_token = token if isinstance(token, str) else None
                return
            # a cursor carries the query; only it and the page size go on
            params = {"cursor": cursor}
            if "limit" in self.params:
                params["limit"] = self.params["limit"]


def sync(operation: Any, api: AuthenticatedClient, **params: Any) -> Sync:
    """``Sync(operation, api, **params)``: e.g.
    ``sync(list_purchase_orders, api, limit=200, sync_token=previous)``."""
    return Sync(operation, api, **params)


def new_idempotency_key() -> str:
    """A fresh ``Idempotency-Key``: send the same one again when retrying the same write."""
    return str(uuid.uuid4())


def verify_webhook(secret: str, body: bytes | str, headers: Mapping[str, str]) -> dict[str, Any]:
    """The event of a change notification, once its Standard Webhooks signature
    (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``) verifies against the
    subscription's ``whsec_…`` secret; ``WebhookVerificationError`` otherwise (a wrong
    signature, or a timestamp more than five minutes away)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    return Webhook(secret).verify(body, lowered)
