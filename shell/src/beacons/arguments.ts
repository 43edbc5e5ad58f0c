/**
 * The arguments of `start(options)` and `simulate(advertisement)`, checked: plain objects with
 * known fields only (a typo would otherwise be ignored), each problem a coded error naming it.
 * Ranges (which RSSI is valid) are the wasm's to check.
 */
import type { MakeError } from './acquire.js';

/** How `start()` receives advertisements. */
export type StartMethod = 'auto' | 'scan' | 'watch';

const METHODS: readonly unknown[] = ['auto', 'scan', 'watch'];

/** A short, safe description of a value for a message. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

/** The fields of a plain-object argument (`undefined` for none); throws on unknown fields. */
function fields(value: unknown, allowed: readonly string[], fail: (message: string) => Error): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw fail(`expected an object with ${allowed.join(', ')}`);
  const object = value as Record<string, unknown>;
  const unknown = Object.keys(object).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw fail(`unknown field \`${unknown}\`, expected ${allowed.join(', ')}`);
  return object;
}

/** Runs `read`, turning anything a caller's getter throws into `fail`'s error. */
function guarded<T>(read: () => T, fail: (message: string) => Error): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') throw error;
    throw fail(`reading it threw: ${String(error)}`);
  }
}

/** `start(options)`: `{ method?: 'auto' | 'scan' | 'watch' }`; throws `options_invalid`. */
export function readStartOptions(options: unknown, makeError: MakeError): StartMethod {
  const fail = (message: string): Error => makeError('options_invalid', `invalid beacons.start options: ${message}`);
  return guarded(() => {
    const method = fields(options, ['method'], fail)?.['method'];
    if (method === undefined) return 'auto';
    if (!METHODS.includes(method)) throw fail(`\`method\` must be 'auto', 'scan' or 'watch', got ${shown(method)}`);
    return method as StartMethod;
  }, fail);
}

/** `simulate({ beacon, rssi })`; throws `advertisement_invalid`. */
export function readSimulated(advertisement: unknown, makeError: MakeError): { beacon: string; rssi: number } {
  const fail = (message: string): Error => makeError('advertisement_invalid', `invalid simulated advertisement: ${message}`);
  return guarded(() => {
    const object = fields(advertisement, ['beacon', 'rssi'], fail);
    if (object === undefined) throw fail('expected { beacon, rssi }');
    const { beacon, rssi } = object;
    if (typeof beacon !== 'string') throw fail(`\`beacon\` must be the id of a catalog beacon (a string), got ${shown(beacon)}`);
    if (typeof rssi !== 'number') throw fail(`\`rssi\` must be a number of dBm, got ${shown(rssi)}`);
    return { beacon, rssi };
  }, fail);
}
