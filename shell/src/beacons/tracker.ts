/**
 * The beacon module's state for one instance ({@link Beacons}: the catalog's beacons and live
 * presence at them), kept on the instance's catalog and consent, and what its answers ask
 * for: each arrival and departure recorded as a `beacon_enter` / `beacon_exit` event, the
 * last render done again when the wasm says the profile will see it, and the next tick when
 * it says one is due. The shell decides none of it.
 */
import type { Extension } from '../extension.js';
import { messageOf, utf8 } from '../wasm-text.js';
import { Beacons } from './module.js';
import { readChanges, readFilters, readZones, type Changes, type Filters, type ZoneRow } from './wire.js';

export class Tracker {
  #beacons = new Beacons();
  /** The catalog payload whose beacons `beacons` holds. */
  #payload: Uint8Array | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #broken = (what: string): Error =>
    this.#ext.error('internal', `Vitrine's wasm beacon answer does not decode (${what}); please report this bug`);

  readonly #ext: Extension;

  constructor(ext: Extension) {
    this.#ext = ext;
  }

  /** What to ask the browser for (`code`: 0 or the wasm's). */
  filters(): Filters {
    return readFilters(this.#call((b) => b.filters()), this.#broken);
  }

  /** The message of the last refusal. */
  message(): string {
    return messageOf(this.#beacons);
  }

  /** One received advertisement's entries and RSSI (see advertisement.ts). */
  receive(data: Uint8Array, rssi: number): void {
    this.#apply(this.#call((b) => b.receive(data, rssi, this.#ext.now())));
  }

  /** Receiving stopped: the shopper leaves every beacon. */
  stop(): void {
    this.#apply(this.#call((b) => b.stop(this.#ext.now())));
  }

  /** The advertisement catalog beacon `beacon` would send at `rssi`; 0 or the wasm's code. */
  simulate(beacon: string, rssi: number): number {
    const answer = readChanges(this.#call((b) => b.simulate(utf8(beacon), rssi, this.#ext.now())), this.#broken);
    if (answer.code === 0) this.#follow(answer);
    return answer.code;
  }

  /** Every catalog beacon's live zone, in catalog order. */
  zones(): ZoneRow[] {
    return readZones(this.#call((b) => b.zones()), this.#broken);
  }

  /**
   * Calls the wasm state. After a trap (a bug) its state cannot be trusted: a new one takes
   * over (presence starts again, nothing about beacons is stored) and the call fails with
   * `internal`.
   */
  #call<T>(use: (beacons: Beacons) => T): T {
    try {
      return use(this.#synced());
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      const old = this.#beacons;
      this.#beacons = new Beacons();
      this.#payload = undefined;
      try {
        old.free();
      } catch {
        // Still borrowed by the call that trapped: left to the garbage collector.
      }
      throw this.#ext.error('internal', `Vitrine's beacon module failed (${String(error)}) and was restarted; please report this bug`, error);
    }
  }

  /** Forgets everything without events (the instance is being destroyed). */
  free(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#beacons.free();
  }

  /** The wasm state, on the instance's current catalog and consent. */
  #synced(): Beacons {
    const payload = this.#ext.catalogPayload();
    if (payload !== undefined && payload !== this.#payload) {
      const code = this.#beacons.catalog(payload);
      if (code !== 0) this.#ext.report(this.#ext.error('internal', `the catalog's beacons could not be read: ${messageOf(this.#beacons)}`));
      this.#payload = payload;
    }
    this.#beacons.set_personalize(this.#ext.consent().personalization === 'granted');
    return this.#beacons;
  }

  #tick(): void {
    this.#timer = undefined;
    try {
      this.#apply(this.#call((b) => b.tick(this.#ext.now())));
    } catch (error) {
      this.#ext.report(this.#ext.error('internal', 'beacon presence could not be updated', error));
    }
  }

  #apply(answer: Uint8Array): void {
    this.#follow(readChanges(answer, this.#broken));
  }

  #follow({ changes, rerender, tickMs }: Changes): void {
    for (const { entered, beacon, at } of changes) {
      this.#ext.record({ type: entered ? 'beacon_enter' : 'beacon_exit', beacon, at });
    }
    if (rerender) this.#ext.rerender();
    if (tickMs > 0) this.#timer ??= setTimeout(() => this.#tick(), tickMs);
  }
}
