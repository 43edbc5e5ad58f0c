/**
 * The URL policy for banner links and images, the catalog validator's
 * (`src/engine/catalog/url.rs`) checked again before a URL reaches the DOM: `https:` or `http:`
 * with a host, or relative; every other scheme (`javascript:`, `data:`, `vbscript:`, ...) and
 * any whitespace or control character are refused (browsers drop tabs and newlines inside
 * URLs, which is how `java\tscript:` slips past naive checks).
 *
 * A URL that passes is resolved against the document's base URL: the result must still be
 * `http:` or `https:`, and it is external unless it lands on the page's own origin, so
 * `//host`, `/\host` and `\\host` (which browsers read as other hosts) count as external. On a
 * `file:` page relative URLs resolve to `file:` and are refused: serve shop pages over http(s).
 */

/** A URL that passed the policy. */
export interface SafeUrl {
  /**
   * What goes into `href` or `src`: the resolved absolute URL, or the relative text unchanged
   * when the document has no base URL to resolve it against (`about:blank`).
   */
  readonly href: string;
  /** True unless the URL is known to stay on the page's origin. */
  readonly external: boolean;
}

/** Rust's `char::is_whitespace` (White_Space) and `char::is_control` (Cc). */
const FORBIDDEN = /[\p{White_Space}\p{Cc}]/u;
/** A scheme per the URL standard, ending at the first colon. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** `text` as a URL safe for `href`/`src` in `doc`, or `undefined` when the policy refuses it. */
export function safeUrl(text: string, doc: Document): SafeUrl | undefined {
  if (text === '' || FORBIDDEN.test(text)) return undefined;
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && !hasHost(text, scheme)) return undefined;
  const url = parse(text, doc.baseURI);
  if (url === undefined) {
    // Only a relative URL on a page without an http(s) base gets here.
    return scheme === undefined ? { href: text, external: true } : undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return { href: url.href, external: url.origin !== parse(doc.URL)?.origin };
}

/** Rust's rule for http(s) URLs: `//` and at least one more character after the colon. */
function hasHost(text: string, scheme: string): boolean {
  const rest = scheme.length + 1;
  return (scheme === 'https' || scheme === 'http') && text.startsWith('//', rest) && text.length > rest + 2;
}

function parse(text: string, base?: string): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
