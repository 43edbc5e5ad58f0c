/**
 * Measurement on a running instance: counts the events the instance records (impressions,
 * clicks, purchases, survey answers) into the ledger in its store, and sends each finished day's report once.
 * It decides nothing: whether to measure, what counts, when a day is reported and the report
 * itself are the measurement module's answers (`measuring`, `Meter.measure`), on the catalog
 * scope the main module gives (`Engine.measurement_scope`).
 *
 * Every change to the ledger is one read-write transaction with the wasm between read and
 * write, and a report is sent only after that transaction committed: two tabs never count an
 * event twice, and a day is never reported twice. Changes run one at a time, in order.
 */
import type { VitrineError } from '../errors.js';
import type { VitrineEvent } from '../events-encode.js';
import type { Extension } from '../extension.js';
import { MEASURE_CODES } from './codes.js';
import { SCALES } from '../survey.js';
import { messageOf, utf8 } from '../wasm-text.js';
import { measuring, WasmMeter } from './module.js';
import type { MeasurementSettings } from './options.js';
import { reportJson } from './report.js';
import { sendReport } from './send.js';
import type { MeasurementData } from './types.js';
import { dayText, readAnswer, readLedger, type DrawnReport } from './wire.js';

/** Event kinds of `Meter.measure` (wasm-measurement/src/lib.rs); other events never count. */
const KIND: { readonly [type: string]: number | undefined } = { impression: 0, click: 1, purchase: 2, survey_answer: 3 };
/** `Meter.measure`'s "no event": a step that only moves the ledger to today. */
const NO_EVENT = 255;
/** Random bytes per update (the wasm needs 16: the sampled pair and the randomized bit). */
const RANDOM_BYTES = 32;
const NONE = new Uint8Array(0);

/** One event to count: `id` is the offer's or the survey's (empty for a purchase); an answer's `scale` (its index) and `score`. */
interface Counted {
  readonly kind: number;
  readonly at: number;
  readonly id: string;
  readonly scale: number;
  readonly score: number;
}

/** Measurement for one instance, until `stop` or the instance's `destroy`. */
export class Meter {
  #queue: Counted[] = [];
  #chain: Promise<void> = Promise.resolve();
  #scheduled = false;
  #stopped = false;
  readonly #unsubscribe: readonly (() => void)[];
  /** The catalog payload whose scope `wasm` holds. */
  #payload: Uint8Array | undefined;

  /** `wasm`: this measurement's own state in the module (freed on `stop`; a new one after a trap). */
  readonly #ext: Extension;
  #wasm: WasmMeter;
  readonly #settings: MeasurementSettings;
  readonly #onStop: () => void;

  constructor(ext: Extension, wasm: WasmMeter, settings: MeasurementSettings, onStop: () => void) {
    this.#ext = ext;
    this.#wasm = wasm;
    this.#settings = settings;
    this.#onStop = onStop;
    this.#unsubscribe = [ext.onEvent((event) => this.#count(event)), ext.onChange(() => this.#changed())];
    ext.onDestroy(() => this.stop());
  }

  /**
   * The first step: when measuring, moves the ledger to today (reporting a finished day);
   * otherwise deletes a ledger left from a time measurement was allowed.
   */
  start(): Promise<void> {
    return this.#enqueue(() => (this.#measuring() ? this.#update([]) : this.#erase()));
  }

  /** Stops counting and sending; the stored ledger stays (withdrawal and `forget` erase it). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#queue = [];
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    // After the queued steps, which may still use it.
    void this.#chain.then(() => this.#wasm.free());
    this.#onStop();
  }

  /** The stored ledger, readable, or `null` when there is none. */
  async exportData(): Promise<MeasurementData | null> {
    await this.#chain;
    const bytes = await this.#ext.store().getLedger();
    return (bytes && readLedger(bytes)) ?? null;
  }

  /** Whether to count: the wasm's rule on consent and Global Privacy Control. */
  #measuring(): boolean {
    if (this.#stopped || this.#ext.destroyed) return false;
    const gpc = (navigator as Navigator & { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
    const { personalization, measurement } = this.#ext.consent();
    return measuring(personalization === 'granted', measurement === 'granted', gpc);
  }

  /** Queues an event the instance recorded; the next turn counts the queue in one update. */
  #count(event: VitrineEvent): void {
    const kind = KIND[event.type];
    if (kind === undefined || !this.#measuring()) return;
    const at = event.at ?? this.#ext.now();
    if (event.type === 'survey_answer') {
      this.#queue.push({ kind, at, id: event.survey, scale: SCALES.indexOf(event.scale), score: event.score });
    } else {
      this.#queue.push({ kind, at, id: 'offer' in event ? event.offer : '', scale: 0, score: 0 });
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    void this.#enqueue(() => {
      this.#scheduled = false;
      return this.#update(this.#queue.splice(0));
    });
  }

  /** After a consent change or `forget`: drops queued events; deletes the ledger unless measuring. */
  #changed(): void {
    this.#queue = [];
    void this.#enqueue(async () => {
      if (!this.#measuring()) await this.#erase();
    });
  }

  /** Runs `task` after the previous ones; reports what it throws. */
  #enqueue(task: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain
      .then(() => (this.#stopped ? undefined : task()))
      .catch((error: unknown) => this.#failed(error));
    return this.#chain;
  }

  /** Counts `events` and reports a finished day: one ledger transaction, then the send. */
  async #update(events: readonly Counted[]): Promise<void> {
    if (!this.#measuring()) return;
    const wasm = this.#synced();
    const { epsilonPerDay } = this.#settings;
    const now = this.#ext.now();
    const random = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
    const steps = events.length > 0 ? events : [{ kind: NO_EVENT, at: now, id: '', scale: 0, score: 0 }];
    const out: { report: DrawnReport | undefined; problems: VitrineError[] } = { report: undefined, problems: [] };
    await this.#ext.store().updateLedger((stored) => {
      // Withdrawn, forgotten or destroyed since: the wasm must not run, nothing is written.
      if (!this.#measuring()) return undefined;
      let ledger = stored ?? NONE;
      for (const { kind, at, id, scale, score } of steps) {
        const answer = readAnswer(wasm.measure(ledger, epsilonPerDay, now, kind, at, utf8(id), scale, score, random));
        if (answer.code !== 0) out.problems.push(this.#problem(answer.code, messageOf(wasm)));
        out.report ??= answer.report;
        ledger = answer.ledger;
      }
      return ledger.length > 0 ? ledger : undefined;
    });
    for (const problem of out.problems) this.#ext.report(problem);
    if (out.report !== undefined && this.#measuring()) this.#send(out.report);
  }

  /** The module's state on the instance's current catalog. */
  #synced(): WasmMeter {
    const payload = this.#ext.catalogPayload();
    if (payload !== this.#payload) {
      const code = this.#wasm.catalog(this.#ext.engine.measurement_scope());
      if (code !== 0) this.#ext.report(this.#problem(code, messageOf(this.#wasm)));
      this.#payload = payload;
    }
    return this.#wasm;
  }

  #erase(): Promise<void> {
    return this.#ext.store().deleteLedger();
  }

  /** Sends a report once; a failure is reported, not retried. */
  #send(report: DrawnReport): void {
    const { endpoint } = this.#settings;
    sendReport(endpoint, reportJson(report)).catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      const day = dayText(report.day);
      const message = `the measurement report for ${day} could not be sent to ${endpoint} (${why}); it is not retried`;
      this.#ext.report(this.#ext.error('measurement_send_failed', message, error));
    });
  }

  #problem(code: number, message: string): VitrineError {
    const known = MEASURE_CODES[code];
    return known === undefined
      ? this.#ext.error('internal', `measurement: unexpected code ${code}: ${message}`)
      : this.#ext.error(known, `measurement: ${message}`);
  }

  /**
   * A failed step: coded errors (storage) pass through; nothing after stop or destroy. After a
   * trap in the module (a bug) its state cannot be trusted: a new one takes over; the ledger
   * is unchanged, since the step's transaction did not commit.
   */
  #failed(error: unknown): void {
    if (this.#stopped || this.#ext.destroyed) return;
    const trap = error instanceof WebAssembly.RuntimeError || (error instanceof Error && error.cause instanceof WebAssembly.RuntimeError);
    if (trap) {
      const old = this.#wasm;
      this.#wasm = new WasmMeter();
      this.#payload = undefined;
      try {
        old.free();
      } catch {
        // Still borrowed by the call that trapped: left to the garbage collector.
      }
    }
    const coded = error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
    this.#ext.report(coded ? (error as VitrineError) : this.#ext.error('internal', `measurement failed: ${String(error)}`, error));
  }
}
