/**
 * Texts across the boundary of the package's WebAssembly modules: they take and give UTF-8
 * bytes, so their wasm-bindgen glue carries no string conversion. Shared by the main entry and
 * the optional ones (each bundle has its own copy of these few lines).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A text as the modules take it. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A text the modules gave. */
export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The message of a module's last failure (`Engine`, `Beacons` or `Meter`). */
export function messageOf(module: { message(): Uint8Array }): string {
  return text(module.message());
}
