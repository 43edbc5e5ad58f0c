/**
 * `Vitrine.init(options)`: reads every option once into plain `Settings`, checking types and
 * ranges. A wrong value, an unknown option name (a typo would otherwise be silently ignored),
 * or a caller's getter that throws is an `options_invalid` error naming the option; bad keys
 * are `public_keys_invalid`.
 */
import { VitrineError } from './errors.js';
import { parsePublicKeys, type PublicKey } from './verify.js';

/** Consent for one purpose. `pending` counts as not granted. */
export type ConsentState = 'pending' | 'granted' | 'denied';

/** Consent per purpose. */
export interface ConsentOptions {
  /** Recording behaviour on this device and personalizing banners with it. Default `granted`. */
  personalization?: ConsentState;
  /** Aggregate, noise-protected measurement. Default `pending`; Global Privacy Control denies it. */
  measurement?: ConsentState;
}

/** Options of `Vitrine.init`. Give `catalogUrl` (with `publicKeys`) or `catalog`. */
export interface InitOptions {
  /** Where the signed catalog (`catalog.bin` from `vitrine sign`) is published. */
  catalogUrl?: string;
  /**
   * A compiled catalog instead of a URL, for tests: `compileCatalog(json)` from
   * `vitrine/tools` (Node). Not signature-checked.
   */
  catalog?: Uint8Array;
  /** Ed25519 public keys (`ed25519:<base64>`) that may sign the catalog; required with `catalogUrl`. */
  publicKeys?: string[];
  /** Initial consent, as the shop's consent manager knows it. */
  consent?: ConsentOptions;
  /** `memory` keeps everything for this page only (tests, kiosks). Default `indexeddb`. */
  storage?: 'indexeddb' | 'memory';
  /** IndexedDB database name. Default `vitrine`. */
  database?: string;
  /** Catalog request timeout in ms. Default 5000. */
  timeoutMs?: number;
  /** A cached catalog younger than this is not revalidated. Default 60. */
  refreshAfterSeconds?: number;
  /** Fill slots added to the page later (MutationObserver). Default false. */
  observe?: boolean;
  /** Show a "Why this banner?" disclosure in each banner, with the decision's reason. */
  disclosure?: boolean;
  /** The shop's page where shoppers see, export and erase their data (linked from the disclosure). */
  dataPageUrl?: string;
  /** Overrides the catalog's time zone, in minutes east of UTC. */
  utcOffsetMinutes?: number;
  /** Days of behaviour kept. Default 90. */
  retentionDays?: number;
  /** Fixed seed for the bandit (tests); decisions are then reproducible. */
  seed?: number;
  /** Fixed clock in Unix ms (tests). Default `Date.now`. */
  clock?: () => number;
  /** Receives problems that do not stop the SDK (storage fallback, stale catalog, ...). */
  onError?: (error: VitrineError) => void;
}

/** The options, read and checked. */
export interface Settings {
  readonly catalogUrl: string | undefined;
  readonly catalog: Uint8Array | undefined;
  readonly publicKeys: readonly PublicKey[];
  readonly personalization: ConsentState;
  readonly measurement: ConsentState;
  readonly persist: boolean;
  readonly database: string;
  readonly timeoutMs: number;
  readonly refreshAfterMs: number;
  readonly observe: boolean;
  readonly disclosure: boolean;
  readonly dataPageUrl: string | undefined;
  readonly utcOffsetMinutes: number | undefined;
  readonly retentionDays: number;
  readonly seed: number | undefined;
  readonly clock: () => number;
  readonly onError: ((error: VitrineError) => void) | undefined;
}

const NAMES = [
  'catalogUrl', 'catalog', 'publicKeys', 'consent', 'storage', 'database', 'timeoutMs',
  'refreshAfterSeconds', 'observe', 'disclosure', 'dataPageUrl', 'utcOffsetMinutes',
  'retentionDays', 'seed', 'clock', 'onError',
];
export const CONSENT_STATES: readonly ConsentState[] = ['pending', 'granted', 'denied'];

function fail(message: string): never {
  throw new VitrineError('options_invalid', `invalid init options: ${message}`);
}

/** Reads `options`; throws `options_invalid` or `public_keys_invalid`. */
export function readSettings(options: unknown): Settings {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail("pass an object, e.g. { catalogUrl: '/catalog.bin', publicKeys: ['ed25519:...'] }");
  }
  try {
    return read(options as Record<string, unknown>);
  } catch (error) {
    if (error instanceof VitrineError) throw error;
    throw new VitrineError('options_invalid', `invalid init options: reading them threw: ${String(error)}`, {
      cause: error,
    });
  }
}

function read(o: Record<string, unknown>): Settings {
  for (const name of Object.keys(o)) {
    if (!NAMES.includes(name)) fail(`unknown option \`${name}\`; the options are ${NAMES.join(', ')}`);
  }
  const catalogUrl = optional(o, 'catalogUrl', 'string') as string | undefined;
  const catalog = o['catalog'];
  if (catalog !== undefined && !(catalog instanceof Uint8Array)) {
    fail(
      '`catalog` must be the compiled catalog (a Uint8Array from `compileCatalog(json)` in ' +
        "`vitrine/tools`); the browser does not parse catalog JSON",
    );
  }
  if ((catalogUrl === undefined) === (catalog === undefined)) fail('give exactly one of `catalogUrl` and `catalog`');
  const publicKeys = catalogUrl === undefined && o['publicKeys'] === undefined ? [] : parsePublicKeys(o['publicKeys']);
  const consent = o['consent'] ?? {};
  if (typeof consent !== 'object' || consent === null) fail('`consent` must be an object');
  const storage = o['storage'] ?? 'indexeddb';
  if (storage !== 'indexeddb' && storage !== 'memory') fail("`storage` must be 'indexeddb' or 'memory'");
  const seed = optional(o, 'seed', 'number') as number | undefined;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    fail('`seed` must be a whole number from 0 to 4294967295');
  }
  const clock = optional(o, 'clock', 'function') as (() => number) | undefined;
  if (clock !== undefined && !Number.isFinite(clock())) fail('`clock` must return the time in Unix milliseconds (a finite number)');
  return {
    catalogUrl,
    catalog: catalog as Uint8Array | undefined,
    publicKeys,
    personalization: consentState(consent as Record<string, unknown>, 'personalization', 'granted'),
    // Global Privacy Control is a refusal of measurement, whatever the consent manager says.
    measurement: globalPrivacyControl() ? 'denied' : consentState(consent as Record<string, unknown>, 'measurement', 'pending'),
    persist: storage === 'indexeddb',
    database: (optional(o, 'database', 'string') as string | undefined) ?? 'vitrine',
    timeoutMs: whole(o, 'timeoutMs', 5000, 1, 120_000),
    refreshAfterMs: whole(o, 'refreshAfterSeconds', 60, 0, 365 * 86_400) * 1000,
    observe: flag(o, 'observe'),
    disclosure: flag(o, 'disclosure'),
    dataPageUrl: optional(o, 'dataPageUrl', 'string') as string | undefined,
    utcOffsetMinutes: o['utcOffsetMinutes'] === undefined ? undefined : whole(o, 'utcOffsetMinutes', 0, -1080, 1080),
    retentionDays: whole(o, 'retentionDays', 90, 1, 3650),
    seed,
    clock: clock ?? Date.now,
    onError: optional(o, 'onError', 'function') as ((error: VitrineError) => void) | undefined,
  };
}

/** Consent for `purpose` from `consent[purpose]`. */
export function consentState(
  consent: Record<string, unknown>,
  purpose: 'personalization' | 'measurement',
  fallback: ConsentState,
): ConsentState {
  const value = consent[purpose] ?? fallback;
  if (!CONSENT_STATES.includes(value as ConsentState)) {
    throw new VitrineError('consent_invalid', `invalid consent: \`${purpose}\` must be 'pending', 'granted' or 'denied'`);
  }
  return value as ConsentState;
}

function optional(o: Record<string, unknown>, name: string, type: 'string' | 'number' | 'function'): unknown {
  const value = o[name];
  if (value !== undefined && typeof value !== type) fail(`\`${name}\` must be a ${type}, got ${typeof value}`);
  return value;
}

function flag(o: Record<string, unknown>, name: string): boolean {
  const value = o[name] ?? false;
  if (typeof value !== 'boolean') fail(`\`${name}\` must be true or false`);
  return value;
}

function whole(o: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const value = o[name] ?? fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    fail(`\`${name}\` must be a whole number from ${min} to ${max}`);
  }
  return value as number;
}

/** Whether the browser sends Global Privacy Control (`navigator.globalPrivacyControl`). */
function globalPrivacyControl(): boolean {
  try {
    return (globalThis.navigator as { globalPrivacyControl?: unknown } | undefined)?.globalPrivacyControl === true;
  } catch {
    return false;
  }
}
