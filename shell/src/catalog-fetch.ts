/**
 * Fetches the signed catalog's bytes: a GET without cookies or Referer (nothing about the
 * shopper is ever part of it), revalidated with `If-None-Match`, bounded by a timeout (covering
 * the body too) and a size limit. One attempt: when to retry is the Rust core's decision.
 *
 * Every failure is a `catalog_fetch_failed` `VitrineError` whose message gives the HTTP
 * status or the reason. A cross-origin catalog needs CORS, and `Access-Control-Expose-Headers:
 * ETag` for revalidation to work.
 */

import { readAtMost } from './body.js';
import { VitrineError, toVitrineError } from './errors.js';
import { ENVELOPE_HEADER_BYTES } from './verify.js';

/** The largest catalog payload (Rust's `catalog::limits::MAX_CATALOG_BYTES`). */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** The largest response accepted: a full-size payload in its signed envelope. */
export const MAX_CATALOG_RESPONSE_BYTES = MAX_PAYLOAD_BYTES + ENVELOPE_HEADER_BYTES;

/** What to fetch. */
export interface CatalogRequest {
  /** The catalog URL (`catalogUrl`). */
  readonly url: string;
  /** The cached copy's ETag: sent as `If-None-Match`. */
  readonly etag?: string | undefined;
  /** Abort after this many milliseconds, headers and body included. */
  readonly timeoutMs: number;
}

/** The answer: the cached copy is still current, or new bytes and their ETag. */
export type CatalogResponse =
  | { readonly status: 'not-modified' }
  | {
      readonly status: 'fresh';
      readonly bytes: Uint8Array<ArrayBuffer>;
      readonly etag: string | undefined;
    };

/** GETs the catalog once. Rejects with `catalog_fetch_failed`. */
export async function fetchCatalog(request: CatalogRequest): Promise<CatalogResponse> {
  const { url, etag, timeoutMs } = request;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const headers: Record<string, string> = etag === undefined ? {} : { 'If-None-Match': etag };
    const response = await fetch(url, {
      method: 'GET',
      headers,
      credentials: 'omit',
      // The page's URL (a product, a search) is behaviour: never send it as Referer.
      referrerPolicy: 'no-referrer',
      // Always ask the server; the ETag decides freshness, never a stale HTTP cache.
      cache: 'no-cache',
      signal: controller.signal,
    });
    if (response.status === 304 && etag !== undefined) {
      await discard(response);
      return { status: 'not-modified' };
    }
    if (response.status !== 200) {
      await discard(response);
      throw failed(url, `the server answered HTTP ${response.status}`);
    }
    const bytes = await readAtMost(response.body, MAX_CATALOG_RESPONSE_BYTES);
    if (bytes === undefined) throw failed(url, `the response is larger than the ${MAX_CATALOG_RESPONSE_BYTES}-byte catalog limit`);
    return { status: 'fresh', bytes, etag: response.headers.get('ETag') ?? undefined };
  } catch (error) {
    if (timedOut) throw failed(url, `no complete answer within ${timeoutMs} ms`, error);
    throw toVitrineError(error, 'catalog_fetch_failed', `GET ${url} failed (network error)`);
  } finally {
    clearTimeout(timer);
  }
}

/** Drops a body we will not read, so the connection is freed at once. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function failed(url: string, reason: string, cause?: unknown): VitrineError {
  return new VitrineError('catalog_fetch_failed', `GET ${url}: ${reason}`, { cause });
}
