/**
 * The Unicode half of search-term normalisation (the core's `normalize_query`, in
 * src/engine/profile/search.rs). The browser's wasm carries no Unicode tables (8 KiB gzip), so
 * the shell folds each query's non-ASCII characters with the browser's own: lowercase letters
 * and digits are kept, anything else becomes a space. The wasm lowercases and splits the ASCII
 * rest and applies the term rules (length, stop words, repeats). tests/vectors/search-terms.json
 * pins that both halves together give the core's terms.
 */

/** Rust's `char::is_alphanumeric`: Unicode Alphabetic or Numeric (Nd, Nl, No). */
const LETTER = /^[\p{Alphabetic}\p{N}]$/u;

/** Characters the core reads of a query (`MAX_QUERY_CHARS` in src/engine/profile/config.rs). */
export const MAX_QUERY_CHARS = 256;

/**
 * `query` with every non-ASCII character lowercased letter by letter (as Rust's
 * `char::to_lowercase`, so a final `Σ` reads `σ`), keeping only letters and digits, and every
 * other non-ASCII character turned into a space. ASCII passes unchanged. Only the first
 * {@link MAX_QUERY_CHARS} characters are read, and each gives at most one (the only longer
 * lowercase, İ's, adds a combining mark, which is dropped): at most 1,024 UTF-8 bytes, within
 * the wire's limit (`MAX_QUERY_BYTES`).
 */
export function foldQuery(query: string): string {
  let out = '';
  let chars = 0;
  for (const c of query) {
    if (chars++ === MAX_QUERY_CHARS) break;
    if (c.charCodeAt(0) < 0x80) out += c;
    else if (!LETTER.test(c)) out += ' ';
    else for (const lower of c.toLowerCase()) if (LETTER.test(lower)) out += lower;
  }
  return out;
}
