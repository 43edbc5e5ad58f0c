// The tools' one error type, shaped like the SDK's `VitrineError` (shell/src/errors.ts): a
// stable `code` and a message that says what to fix.

/** Codes about the caller's arguments: named `TypeError`, as in the SDK. */
const ARGUMENT_CODES = new Set(['options_invalid', 'public_keys_invalid']);

/** An error from the Vitrine tools, with a stable `code` (the SDK's codes). */
export class VitrineError extends Error {
  /**
   * @param {string} code e.g. `catalog_invalid`
   * @param {string} message what is wrong and what to do
   * @param {{ path: string, message: string }[]} [problems] every problem of an invalid catalog
   */
  constructor(code, message, problems = []) {
    super(message);
    this.name = ARGUMENT_CODES.has(code) ? 'TypeError' : 'VitrineError';
    this.code = code;
    this.problems = problems;
  }
}

/** `options_invalid`: a tool's option has the wrong type or value. */
export function optionError(message) {
  return new VitrineError('options_invalid', message);
}
