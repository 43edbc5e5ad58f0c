/**
 * `measurement(instance, options)`'s options, read once and checked: a wrong value, an unknown
 * option name or a throwing getter is a `measurement_config_invalid` error (a `TypeError`)
 * naming the option. The epsilon's range and default are the core's (`Meter.measurement_epsilon`).
 */
import type { Extension } from '../extension.js';
import { messageOf } from '../wasm-text.js';
import type { WasmMeter } from './module.js';

/** The options, read and checked. */
export interface MeasurementSettings {
  readonly endpoint: string;
  readonly epsilonPerDay: number;
}

const NAMES = ['endpoint', 'epsilonPerDay'];
const CONTEXT = 'invalid measurement options';

/** Reads `options` (the epsilon checked by `wasm`); throws `measurement_config_invalid`. */
export function readOptions(ext: Extension, wasm: WasmMeter, options: unknown): MeasurementSettings {
  const fail = (message: string, cause?: unknown): never => {
    throw ext.error('measurement_config_invalid', `${CONTEXT}: ${message}`, cause);
  };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return fail("pass an object, e.g. { endpoint: '/vitrine/reports' }");
  }
  let names: string[];
  let endpoint: unknown;
  let epsilon: unknown;
  try {
    const o = options as Record<string, unknown>;
    names = Object.keys(o);
    endpoint = o['endpoint'];
    epsilon = o['epsilonPerDay'];
  } catch (error) {
    return fail(`reading them threw: ${String(error)}`, error);
  }
  for (const name of names) {
    if (!NAMES.includes(name)) fail(`unknown option \`${name}\`; the options are ${NAMES.join(', ')}`);
  }
  const url = typeof endpoint === 'string' ? endpoint.trim() : '';
  const web = /^(https?:\/\/|\/(?!\/))/i.test(url) && !/\s/.test(url);
  if (!web) {
    fail(`\`endpoint\` is ${describe(endpoint)}; give an http(s) URL or a path of this site, e.g. '/vitrine/reports'`);
  }
  if (epsilon !== undefined && typeof epsilon !== 'number') {
    fail(`\`epsilonPerDay\` must be a number, got ${typeof epsilon}`);
  }
  const epsilonPerDay = wasm.measurement_epsilon(epsilon as number | undefined);
  if (epsilonPerDay === 0) fail(`\`epsilonPerDay\` is ${String(epsilon)}; ${messageOf(wasm)}`);
  return { endpoint: url, epsilonPerDay };
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  return typeof value === 'string' ? `\`${value}\`` : `a ${value === null ? 'null' : typeof value}`;
}
