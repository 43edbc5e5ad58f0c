/**
 * Vitrine: privacy-first personalization, computed on the shopper's device. The package entry:
 * `Vitrine.init(options)` starts an instance; `load()` starts loading the WebAssembly module
 * early. Every error is a `VitrineError` with a stable `code`.
 */
import { VitrineError, toVitrineError } from './errors.js';
import { EXTENSION } from './extension.js';
import type { DataExport, Instance, Status } from './instance.js';
import { startInstance } from './start.js';
import { readSettings, type ConsentOptions, type InitOptions } from './options.js';
import { restoreSlot } from './render/slots.js';
import { loadWasm, type WasmSource } from './wasm.js';
import type { Decision } from './decisions.js';
import type { DecisionContext } from './context-encode.js';
import type { ProfileSummary } from './summary.js';
import type { VitrineEvent } from './events-encode.js';

export { VitrineError };
export type { ErrorCode } from './errors.js';
export type { ConsentOptions, ConsentState, InitOptions } from './options.js';
export type { Decision, Creative, ProductShown, Survey } from './decisions.js';
export type { SurveyScale } from './survey.js';
export type { DecisionContext } from './context-encode.js';
export type { PageType, Product, VitrineEvent } from './events-encode.js';
export type { ProfileSummary, Share } from './summary.js';
export type { DataExport, Status } from './instance.js';

/** A running SDK instance. */
export interface VitrineInstance {
  /** Records an event on this device. Throws `event_invalid` (a `TypeError`) naming a bad field. */
  track(event: VitrineEvent): void;
  /**
   * Decides one slot without touching the page. `{ detail: 'full' }` adds every left-out offer
   * with its reason and the values the chosen offer's rules read (for a shopper panel).
   */
  decide(slot: string, context?: DecisionContext, options?: { detail?: 'pick' | 'full' }): Decision;
  /**
   * Fills every `[data-vitrine-slot]` under `root` (default: the document), in one decision so
   * that a campaign shows once per page. `{ detail: 'full' }` as for `decide`.
   */
  render(
    context?: DecisionContext,
    root?: Document | Element | DocumentFragment,
    options?: { detail?: 'pick' | 'full' },
  ): Decision[];
  /** The decisions of the latest `render`. */
  lastDecisions(): Decision[];
  /** A readable summary of the local profile (the strongest interests). */
  profile(): ProfileSummary;
  /** Storage kind, catalog version and consent. */
  status(): Status;
  /** Writes pending events now. */
  flush(): Promise<void>;
  /** Updates consent; withdrawing personalization erases stored behaviour. */
  consent(state: ConsentOptions): Promise<void>;
  /** Everything stored about this browser. */
  exportData(): Promise<DataExport>;
  /** Erases everything stored, here and in the shop's other open tabs. */
  forget(): Promise<void>;
  /** Writes pending events and removes listeners, observers and timers. */
  destroy(): Promise<void>;
}

/**
 * Starts loading the WebAssembly module (default: next to this file), to overlap it with the
 * page's other work; `init` does it too. After a failure, the next call tries again.
 */
export function load(wasm?: WasmSource): Promise<void> {
  return loadWasm(wasm);
}

/** Set by the package build (scripts/build) to the crate's version. */
declare const VITRINE_VERSION: string;

/** The SDK version (the npm package's). */
export const version: string = VITRINE_VERSION;

/** The SDK. */
export const Vitrine = Object.freeze({
  /**
   * Starts Vitrine on this page. Rejects with a `VitrineError`: `options_invalid` and
   * `public_keys_invalid` (a `TypeError`) for bad options, `no_window` outside a browser,
   * `wasm_load_failed` when the module cannot load. Problems that leave the SDK working
   * (storage fallback, a stale or refused catalog) go to `onError`. If `init` fails, slots
   * show their own content again.
   */
  async init(options: InitOptions): Promise<VitrineInstance> {
    try {
      if (typeof window === 'undefined' || typeof document === 'undefined') {
        throw new VitrineError('no_window', 'Vitrine runs in the browser: call Vitrine.init in browser code (e.g. in onMount or useEffect), not on the server');
      }
      const instance: Instance = await startInstance(readSettings(options));
      return wrap(instance);
    } catch (error) {
      revealFallbacks();
      throw toVitrineError(error, 'internal', 'Vitrine could not start');
    }
  },
});

/**
 * The public face of an instance: its methods, bound, and nothing else. Whatever a method
 * throws reaches the caller as a `VitrineError` (a trap or a bug becomes `internal`); after a
 * wasm trap the instance restarts its engine and keeps working.
 */
function wrap(i: Instance): VitrineInstance {
  const api = {} as Record<PublicMethod | typeof EXTENSION, unknown>;
  const fail = (name: string, error: unknown): VitrineError => {
    i.failed(error);
    return toVitrineError(error, 'internal', `${name} failed`);
  };
  for (const name of RETURNING) {
    const method = i[name] as (...args: unknown[]) => unknown;
    api[name] = (...args: unknown[]) => {
      try {
        return method.apply(i, args);
      } catch (error) {
        throw fail(name, error);
      }
    };
  }
  for (const name of RESOLVING) {
    const method = i[name] as (...args: unknown[]) => Promise<unknown>;
    api[name] = async (...args: unknown[]) => {
      try {
        return await method.apply(i, args);
      } catch (error) {
        throw fail(name, error);
      }
    };
  }
  api[EXTENSION] = () => i.extension();
  // `satisfies`: the two lists name every method of `VitrineInstance`.
  return Object.freeze(api satisfies Record<keyof VitrineInstance, unknown>) as unknown as VitrineInstance;
}

/** The public methods that return at once, and those that return a promise (which then rejects). */
const RETURNING = ['track', 'decide', 'render', 'lastDecisions', 'profile', 'status'] as const;
const RESOLVING = ['flush', 'consent', 'exportData', 'forget', 'destroy'] as const;
type PublicMethod = (typeof RETURNING)[number] | (typeof RESOLVING)[number];

/**
 * After a failed `init`: every slot still waiting shows the shop's own content again (slots
 * another instance already filled keep their banners).
 */
function revealFallbacks(): void {
  if (typeof document === 'undefined') return;
  for (const slot of Array.from(document.querySelectorAll('[data-vitrine-slot].vitrine-loading'))) {
    restoreSlot(slot);
    slot.classList.remove('vitrine-loading');
  }
}

export type { ProfileSummary as Profile };
