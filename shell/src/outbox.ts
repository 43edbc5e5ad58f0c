/**
 * Tracked events on their way to the profile and the store: encoded into batches, each batch
 * applied to the profile (by the host's engine) when something reads it, then written to the
 * store's outbox, in order and one write at a time, soon after the last `track` or at once
 * when the page goes away. A batch stays here until its write succeeds; an erasure drops what
 * is not written yet. The outbox decides nothing: the engine says whether a batch is valid.
 */
import { toVitrineError, VitrineError } from './errors.js';
import { EventEncoder, type VitrineEvent } from './events-encode.js';
import type { Store } from './storage/store.js';

/** How long after the last `track` pending events are written. */
const FLUSH_DELAY_MS = 400;

/** What the outbox needs from the instance that owns it. */
export interface OutboxHost {
  /** Applies a batch to the profile; false when the engine refused it (and reported why). */
  apply(batch: Uint8Array): boolean;
  /** The store in use (it changes when consent does). */
  store(): Store;
  /** The store stopped working (another tab deleted or upgraded the database): memory from now on. */
  storeLost(): void;
  report(error: VitrineError): void;
  /** Now (Unix ms). */
  clock(): number;
}

/** A batch the profile has and the store does not yet, with its number of events. */
interface Batch {
  readonly bytes: Uint8Array;
  readonly events: number;
}

export class Outbox {
  readonly #encoder = new EventEncoder(4096);
  /** Batches the profile has but the store does not yet. */
  #pending: Batch[] = [];
  /** The write in progress: writes run one at a time, in order. */
  #writing: Promise<void> = Promise.resolve();
  /** Counts erasures: a batch whose write fails after one is not kept. */
  #epoch = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly #host: OutboxHost;

  constructor(host: OutboxHost) {
    this.#host = host;
  }

  /** Adds an event to the next batch and schedules a write. */
  add(event: VitrineEvent): void {
    if (this.#encoder.full) this.drain();
    this.#encoder.add(event, this.#host.clock());
    this.#timer ??= setTimeout(() => this.#later(), FLUSH_DELAY_MS);
  }

  /**
   * Holds writes until `done` settles: the start's fold, which must find the store as it was
   * read, without this page's batches. (A stash as the page goes away does not wait.)
   */
  after(done: Promise<void>): void {
    this.#writing = this.#writing.then(() => done).catch(() => {});
  }

  /** Applies the events added since the last drain to the profile. */
  drain(): void {
    if (this.#encoder.count === 0) return;
    const events = this.#encoder.count;
    const batch = this.#encoder.take();
    if (this.#host.apply(batch)) this.#pending.push({ bytes: batch, events });
  }

  /** Applies and writes everything tracked so far; resolves once written (or kept, on failure). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.drain();
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  /** Writes pending events with requests issued now, so they complete as the page goes away. */
  stash(): void {
    this.drain();
    for (const batch of this.#pending.splice(0)) {
      this.#host.store().append(batch.bytes).catch((error: unknown) => {
        this.#pending.push(batch);
        this.#host.report(toVitrineError(error, 'storage_failed', 'events could not be stored'));
      });
    }
  }

  /** Drops every event not written yet (an erasure). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#encoder.take();
    this.#pending = [];
    this.#epoch++;
  }

  /** Events tracked but not written yet. */
  get waiting(): number {
    return this.#pending.reduce((n, b) => n + b.events, 0) + this.#encoder.count;
  }

  /** The batches the profile has and the store does not yet, oldest first (for a new engine). */
  unwritten(): Uint8Array[] {
    return this.#pending.map((b) => b.bytes);
  }

  /** A flush from the timer: what it throws is reported, never left to the page. */
  #later(): void {
    try {
      void this.flush();
    } catch (error) {
      this.#host.report(toVitrineError(error, 'internal', 'events could not be written'));
    }
  }

  /** Writes the pending batches; each leaves `pending` before its write, so none is written twice. */
  async #write(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.shift() as Batch;
      const epoch = this.#epoch;
      const store = this.#host.store();
      try {
        await store.append(batch.bytes);
      } catch (error) {
        if (epoch === this.#epoch) this.#pending.unshift(batch);
        if (error instanceof VitrineError && error.code === 'storage_unavailable' && store.persistent) {
          this.#host.storeLost();
          continue;
        }
        this.#host.report(toVitrineError(error, 'storage_failed', 'events could not be stored; they are kept in memory'));
        return;
      }
    }
  }
}
