/**
 * The wasm's live presence of one instance, and what its answers ask for: each arrival and
 * departure recorded as a `beacon_enter` / `beacon_exit` event, the last render done again
 * when the wasm says the profile will see it, and the next tick when it says one is due. The
 * shell decides none of it.
 */
import type { Extension } from '../extension.js';
import type { BeaconPresence } from '../wasm/vitrine_wasm.js';
import { readChanges, readZones, type Changes, type ZoneRow } from './wire.js';

export class Tracker {
  private readonly presence: BeaconPresence;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly broken = (what: string): Error =>
    this.ext.error('internal', `Vitrine's wasm beacon answer does not decode (${what}); please report this bug`);

  constructor(private readonly ext: Extension) {
    this.presence = ext.engine.beacon_presence();
  }

  /** One received advertisement's entries and RSSI (see advertisement.ts). */
  receive(data: Uint8Array, rssi: number): void {
    this.apply(this.ext.engine.beacon_receive(this.presence, data, rssi, this.ext.now()));
  }

  /** Receiving stopped: the shopper leaves every beacon. */
  stop(): void {
    this.apply(this.ext.engine.beacon_stop(this.presence, this.ext.now()));
  }

  /** The advertisement catalog beacon `beacon` would send at `rssi`; 0 or the wasm's code. */
  simulate(beacon: string, rssi: number): number {
    const answer = readChanges(this.ext.engine.beacon_simulate(this.presence, beacon, rssi, this.ext.now()), this.broken);
    if (answer.code === 0) this.follow(answer);
    return answer.code;
  }

  /** Every catalog beacon's live zone, in catalog order. */
  zones(): ZoneRow[] {
    return readZones(this.ext.engine.beacon_zones(this.presence), this.broken);
  }

  /** Forgets everything without events (the instance is being destroyed). */
  free(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.presence.free();
  }

  private tick(): void {
    this.timer = undefined;
    try {
      this.apply(this.ext.engine.beacon_tick(this.presence, this.ext.now()));
    } catch (error) {
      this.ext.report(this.ext.error('internal', 'beacon presence could not be updated', error));
    }
  }

  private apply(answer: Uint8Array): void {
    this.follow(readChanges(answer, this.broken));
  }

  private follow({ changes, rerender, tickMs }: Changes): void {
    for (const { entered, beacon, at } of changes) {
      this.ext.record({ type: entered ? 'beacon_enter' : 'beacon_exit', beacon, at });
    }
    if (rerender) this.ext.rerender();
    if (tickMs > 0) this.timer ??= setTimeout(() => this.tick(), tickMs);
  }
}
