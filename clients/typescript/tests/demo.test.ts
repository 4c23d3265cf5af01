// The SDK against a running `procura demo` (PROCURA_URL, and PROCURA_SANDBOX_URL for the
// demo's Coupa sandbox, whose control API provokes a 429). tests/api/external.rs starts
// the demo and runs these.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';

import {
  ProblemError,
  WebhookVerificationError,
  check,
  createPurchaseOrders,
  getPurchaseOrders,
  listInvoices,
  listPurchaseOrders,
  newIdempotencyKey,
  procuraClient,
  sync,
  verifyWebhook,
  type PurchaseOrder,
} from '../src/index';

const URL = process.env.PROCURA_URL ?? '';
const SANDBOX = process.env.PROCURA_SANDBOX_URL ?? '';
assert.ok(URL && SANDBOX, 'PROCURA_URL and PROCURA_SANDBOX_URL are needed');
const api = () => procuraClient({ baseUrl: URL, apiKey: 'demo-key', tenant: 'demo' });

test('a full sync of two resources, typed, hands back the sync token', async () => {
  const client = api();
  for (const op of [listPurchaseOrders, listInvoices] as const) {
    const run = sync(op as typeof listPurchaseOrders, client, { limit: 100 });
    const ids: string[] = [];
    for await (const record of run) ids.push(record.id);
    assert.ok(run.pages > 1);
    assert.ok(ids.length > 0);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(run.syncToken);
    const again = sync(op as typeof listPurchaseOrders, client, { sync_token: run.syncToken });
    let n = 0;
    for await (const _ of again) n++;
    assert.ok(n <= ids.length);
    assert.ok(again.syncToken);
  }
});

test('a field selection comes back with only those fields and the required ones', async () => {
  const run = sync(listPurchaseOrders, api(), { limit: 5, fields: ['number', 'total'] });
  for await (const order of run) {
    assert.ok(order.id && order.number !== undefined);
    assert.equal(order.status, undefined);
    break;
  }
});

test('a refused write is a typed problem', async () => {
  const client = api();
  await assert.rejects(
    async () =>
      check(
        await createPurchaseOrders({
          client,
          body: { number: 'SDK-TS-1' },
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        }),
      ),
    (e: unknown) => {
      if (!(e instanceof ProblemError)) return false;
      assert.equal(e.status, 422);
      assert.equal(e.slug, 'validation_error');
      const fields = new Set(e.errors.map((x) => x.field));
      for (const f of ['supplier', 'currency', 'lines']) assert.ok(fields.has(f), f);
      return true;
    },
  );
});

test('a 429 is retried after the wait it names', async () => {
  const client = api();
  let one: PurchaseOrder | undefined;
  for await (const order of sync(listPurchaseOrders, client, { limit: 1 })) {
    one = order;
    break;
  }
  assert.ok(one);
  const fault = await fetch(`${SANDBOX}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'status', status: 429, body: 'Rate limit exceeded' }),
  });
  assert.ok(fault.ok);
  const before = client.fetchWithRetry.retries;
  const record = check(await getPurchaseOrders({ client, path: { id: one!.id } }));
  assert.equal(client.fetchWithRetry.retries, before + 1);
  assert.equal(record.id, one!.id);
});

function signed(secret: string, id: string, timestamp: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'Webhook-Id': id,
    'Webhook-Timestamp': String(timestamp),
    'Webhook-Signature': `v1,${mac}`,
  };
}

test('a signed change notification verifies', async () => {
  let record: PurchaseOrder | undefined;
  for await (const order of sync(listPurchaseOrders, api(), { limit: 1 })) {
    record = order;
    break;
  }
  assert.ok(record);
  const secret = 'whsec_' + Buffer.from('procura-sdk-test-secret-32-bytes').toString('base64');
  const event = {
    type: 'record.updated',
    timestamp: '2026-01-01T00:00:00Z',
    data: { tenant: 'demo', resource: 'purchase_orders', id: record.id, record },
  };
  const body = JSON.stringify(event);
  const now = Math.floor(Date.now() / 1000);
  const headers = signed(secret, 'msg_2f1c', now, body);
  assert.deepEqual(verifyWebhook(secret, body, headers), event);
  assert.throws(
    () => verifyWebhook(secret, body.replace('record.updated', 'record.deleted'), headers),
    WebhookVerificationError,
  );
  assert.throws(
    () => verifyWebhook(secret, body, signed(secret, 'msg_2f1c', now - 3600, body)),
    WebhookVerificationError,
  );
});
