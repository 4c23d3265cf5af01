"""The SDK against a running `procura demo` (PROCURA_URL, and PROCURA_SANDBOX_URL for the
demo's Coupa sandbox, whose control API provokes a 429). tests/api/external.rs starts the
demo and runs these."""

import base64
import hashlib
import hmac
import json
import os
import time

import httpx
import pytest

from procura import (
    ProblemError,
    WebhookVerificationError,
    check,
    client,
    new_idempotency_key,
    sync,
    verify_webhook,
)
from procura_api.api.invoices import list_invoices
from procura_api.api.purchase_orders import (
    create_purchase_orders,
    get_purchase_orders,
    list_purchase_orders,
)
from procura_api.models import Invoice, PurchaseOrder, PurchaseOrderWrite

URL = os.environ["PROCURA_URL"]
SANDBOX = os.environ["PROCURA_SANDBOX_URL"]


@pytest.fixture
def api():
    return client(URL, "demo-key", "demo")


def test_full_sync_of_two_resources_with_typed_records(api):
    for operation, model in [(list_purchase_orders, PurchaseOrder), (list_invoices, Invoice)]:
        run = sync(operation, api, limit=100)
        records = list(run)
        assert run.pages > 1, operation.__name__
        ids = [r.id for r in records]
        assert ids and len(ids) == len(set(ids))
        assert all(isinstance(r, model) for r in records)
        assert run.sync_token
        # the next run starts from the token: nothing changed, nothing (or little) comes
        again = sync(operation, api, sync_token=run.sync_token)
        assert len(list(again)) <= len(records)
        assert again.sync_token


def test_a_field_selection_comes_back_typed(api):
    from procura_api.models import ListPurchaseOrdersFieldsItem as F

    run = sync(list_purchase_orders, api, limit=50, fields=[F.NUMBER, F.TOTAL])
    first = next(iter(run))
    assert isinstance(first, PurchaseOrder)
    assert first.number and first.id
    assert first.to_dict().get("status") is None


def test_a_refused_write_is_a_typed_problem(api):
    body = PurchaseOrderWrite.from_dict({"number": "SDK-1"})
    with pytest.raises(ProblemError) as refused:
        check(
            create_purchase_orders.sync_detailed(
                client=api, body=body, idempotency_key=new_idempotency_key()
            )
        )
    error = refused.value
    assert error.status == 422
    assert error.slug == "validation_error"
    assert {e.field for e in error.errors} >= {"supplier", "currency", "lines"}


def test_a_429_is_retried_after_the_wait_it_names(api):
    transport = api.get_httpx_client()._transport
    one = next(iter(sync(list_purchase_orders, api, limit=1)))
    fault = {"kind": "status", "status": 429, "body": "Rate limit exceeded"}
    httpx.post(f"{SANDBOX}/__sandbox/faults", json=fault).raise_for_status()
    before = transport.retries
    record = check(get_purchase_orders.sync_detailed(one.id, client=api))
    assert transport.retries == before + 1
    assert isinstance(record, PurchaseOrder) and record.id == one.id


def _signed(secret, msg_id, timestamp, body):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return {
        "Webhook-Id": msg_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": "v1," + base64.b64encode(mac).decode(),
    }


def test_a_signed_change_notification_verifies(api):
    record = next(iter(sync(list_purchase_orders, api, limit=1)))
    secret = "whsec_" + base64.b64encode(b"procura-sdk-test-secret-32-bytes").decode()
    event = {
        "type": "record.updated",
        "timestamp": "2026-01-01T00:00:00Z",
        "data": {
            "tenant": "demo",
            "resource": "purchase_orders",
            "id": record.id,
            "record": record.to_dict(),
        },
    }
    body = json.dumps(event)
    now = int(time.time())
    headers = _signed(secret, "msg_2f1c", now, body)
    got = verify_webhook(secret, body, headers)
    assert got == event
    assert PurchaseOrder.from_dict(got["data"]["record"]).id == record.id
    with pytest.raises(WebhookVerificationError):
        verify_webhook(secret, body.replace("record.updated", "record.deleted"), headers)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(secret, body, _signed(secret, "msg_2f1c", now - 3600, body))
