/**
 * Sends one report: a `keepalive` fetch (it completes after the page unloads, like
 * `sendBeacon`) without cookies (`credentials: 'omit'`, which `sendBeacon` cannot do), without
 * Referer, and as `text/plain` (a CORS-safelisted type: no preflight) in `no-cors` mode (the
 * answer is never read, so the endpoint needs no CORS headers).
 */

/** POSTs `body` to `endpoint`; rejects when the request cannot be made. */
export async function sendReport(endpoint: string, body: string): Promise<void> {
  await fetch(endpoint, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    keepalive: true,
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    mode: 'no-cors',
    cache: 'no-store',
  });
}
