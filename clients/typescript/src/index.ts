/**
 * procura's official TypeScript client.
 *
 * The types and one function per operation are generated from openapi.yaml into
 * `src/generated` (`npm run generate`; never edited by hand). This module is the thin
 * layer on top: a client that waits out 429s, a page iterator that hands back the sync
 * token, typed problem errors, an idempotency-key helper and verification of procura's
 * change notifications (Standard Webhooks).
 */
import { randomUUID } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

import { type Client, createClient, createConfig } from './generated/client';
import type { Problem } from './generated/types.gen';

export * from './generated/sdk.gen';
export type * from './generated/types.gen';
export { WebhookVerificationError };

/** Seconds to wait before retrying a 429 with these headers. */
export function waitFor(headers: Headers, attempt: number): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const secs = Number(retryAfter);
    if (Number.isFinite(secs)) return Math.max(0, secs);
    const when = Date.parse(retryAfter);
    if (!Number.isNaN(when)) return Math.max(0, (when - Date.now()) / 1000);
  }
  const reset = Number(headers.get('ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset)) return Math.max(0, reset);
  return Math.min(30, 0.5 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

/** A fetch that retries a 429 after the wait the answer names (`Retry-After`, else
 * `ratelimit-reset`, else exponential backoff with jitter). */
export function retryingFetch(
  options: { maxRetries?: number; maxWait?: number; inner?: typeof fetch } = {},
): typeof fetch & { retries: number } {
  const { maxRetries = 5, maxWait = 60, inner = fetch } = options;
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    for (let attempt = 0; ; attempt++) {
      const response = await inner(request.clone());
      if (response.status !== 429 || attempt >= maxRetries) return response;
      await response.arrayBuffer();
      const secs = Math.min(maxWait, waitFor(response.headers, attempt));
      await new Promise((resolve) => setTimeout(resolve, secs * 1000));
      wrapped.retries++;
    }
  };
  wrapped.retries = 0;
  return wrapped as typeof fetch & { retries: number };
}

/** A client of the generated API for one tenant, retrying 429s. */
export function procuraClient(options: {
  baseUrl: string;
  apiKey: string;
  tenant: string;
  maxRetries?: number;
}): Client & { fetchWithRetry: ReturnType<typeof retryingFetch> } {
  const fetchWithRetry = retryingFetch({ maxRetries: options.maxRetries });
  const client = createClient(
    createConfig({
      baseUrl: options.baseUrl,
      headers: { 'X-Tenant-Id': options.tenant },
      auth: (auth) => (auth.scheme === 'bearer' ? options.apiKey : undefined),
      fetch: fetchWithRetry,
    }),
  );
  return Object.assign(client, { fetchWithRetry });
}

/** An RFC 9457 problem procura answered with (or an upstream 429 it passed on). */
export class ProblemError extends Error {
  readonly status: number;
  readonly problem?: Problem;
  /** The stable last segment of the problem type, e.g. `validation_error`. */
  readonly slug?: string;
  readonly errors: { field: string; message: string }[];

  constructor(status: number, problem: Problem | undefined, body: unknown) {
    const slug = problem?.type?.split('/').pop();
    super(`${status} ${slug ?? ''}: ${problem?.detail ?? String(body)}`);
    this.status = status;
    this.problem = problem;
    this.slug = slug;
    this.errors = problem?.errors ?? [];
  }
}

type Result<T> = { data?: T; error?: unknown; response?: Response };

/** The data of a successful answer; a ProblemError for any other. */
export function check<T>(result: Result<T>): T {
  const status = result.response?.status ?? 0;
  if (result.error === undefined && status >= 200 && status < 300) return result.data as T;
  const problem =
    typeof result.error === 'object' && result.error !== null && 'type' in result.error
      ? (result.error as Problem)
      : undefined;
  throw new ProblemError(status, problem, result.error);
}

type Page<R> = { result: R[]; next_cursor?: string | null; sync_token?: string | null };
type ListOperation<Q, R> = (options: {
  client: Client;
  query?: Q;
}) => Promise<Result<Page<R>>>;

/** The records of a list, page after page, following `next_cursor`. Iterate it with
 * `for await`; afterwards `syncToken` holds the last page's token, to pass as
 * `sync_token` on the next run (records created or updated since this one). */
export class Sync<Q extends object, R> implements AsyncIterable<R> {
  syncToken?: string;
  pages = 0;

  constructor(
    private readonly operation: ListOperation<Q, R>,
    private readonly client: Client,
    private readonly query: Q = {} as Q,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    let query: Q = this.query;
    for (;;) {
      const page = check(await this.operation({ client: this.client, query }));
      this.pages++;
      yield* page.result;
      if (!page.next_cursor) {
        this.syncToken = page.sync_token ?? undefined;
        return;
      }
      // a cursor carries the query; only it and the page size go on
      const limit = (this.query as { limit?: number }).limit;
      query = { cursor: page.next_cursor, ...(limit ? { limit } : {}) } as Q;
    }
  }
}

/** `new Sync(operation, client, query)`, e.g. `sync(listPurchaseOrders, client, { limit: 200 })`. */
export function sync<Q extends object, R>(
  operation: (options: { client: Client; query?: Q }) => Promise<Result<Page<R>>>,
  client: Client,
  query?: NoInfer<Q>,
): Sync<Q, R> {
  return new Sync(operation, client, query);
}

/** A fresh `Idempotency-Key`: send the same one again when retrying the same write. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/** The event of a change notification, once its Standard Webhooks signature verifies
 * against the subscription's `whsec_…` secret; throws `WebhookVerificationError`
 * otherwise (a wrong signature, or a timestamp more than five minutes away). */
export function verifyWebhook(
  secret: string,
  body: string,
  headers: Record<string, string>,
): unknown {
  const lowered: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lowered[k.toLowerCase()] = v;
  return new Webhook(secret).verify(body, lowered);
}
