/**
 * `vitrine/collector`: the shop's side of private measurement (docs/collector.md). It accepts
 * exactly the reports Vitrine devices send and turns each into rows, one per reported bit, for
 * `vitrine aggregate` or `sql/aggregate.sql`. It runs wherever `fetch`'s `Request` and
 * `Response` do: Node 20+, Deno, Bun and edge runtimes. It reads only the request's method and
 * body: no header, cookie or address reaches it, so none can be logged or stored.
 *
 * ```js
 * import { collector } from 'vitrine/collector';
 * export default { fetch: collector({ store: (rows) => appendToTodaysFile(rows) }) };
 * ```
 */
import { readAtMost } from '../body.js';
import { checkReport, RefusedReport } from './check.js';
import { reportRows } from './rows.js';
import type { Acceptance, CollectorOptions } from './types.js';

export type { Acceptance, CollectorOptions, Metric, Report, ReportRow } from './types.js';

/** A `keepalive` request's body limit, and the default largest report. */
const MAX_BYTES = 65_536;

/** Checks one report body (the text of the POST); answers its rows, or why it is refused. */
export function acceptReport(body: string): Acceptance {
  try {
    const report = checkReport(body);
    return { ok: true, report, rows: reportRows(report) };
  } catch (error) {
    if (error instanceof RefusedReport) return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * A request handler for the reports' endpoint: a POST with a valid report is stored (`store`)
 * and answered 204; anything else gets 405 (not a POST), 413 (too large) or 400 (not a report,
 * with the reason as text). Devices never read the answer; it is for the shop's monitoring.
 */
export function collector(options: CollectorOptions): (request: Request) => Promise<Response> {
  if (typeof options?.store !== 'function') throw new TypeError('collector: `store` must be a function that stores the rows');
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  return async (request) => {
    if (request.method !== 'POST') return new Response('POST a report', { status: 405, headers: { Allow: 'POST' } });
    const bytes = await readAtMost(request.body, maxBytes);
    if (bytes === undefined) return new Response(`a report has at most ${maxBytes} bytes`, { status: 413 });
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return new Response('not a measurement report: not UTF-8', { status: 400 });
    }
    const accepted = acceptReport(body);
    if (!accepted.ok) return new Response(accepted.reason, { status: 400 });
    await options.store(accepted.rows, accepted.report);
    return new Response(null, { status: 204 });
  };
}

