/**
 * One running SDK on a page: the coordinator. It owns the wasm `Engine`, the store, the
 * listeners, observers and timers, and moves data one way: events → profile → decision →
 * render. It decides nothing itself: eligibility, scoring, retention, catalog acceptance and
 * refresh timing are the wasm's answers.
 */
import type { CatalogSource } from './catalog-source.js';
import { encodeContext, type DecisionContext } from './context-encode.js';
import { DecisionReader, type Decision, type Survey } from './decisions.js';
import { codeOf, toVitrineError, VitrineError } from './errors.js';
import type { Extension } from './extension.js';
import { checkEvent } from './event-check.js';
import type { VitrineEvent } from './events-encode.js';
import { Outbox } from './outbox.js';
import { consentState, type ConsentOptions, type ConsentState, type Settings } from './options.js';
import { buildBanner } from './render/banner.js';
import { listenInteractions, type InteractionListener } from './render/interactions.js';
import { watchImpressions, type ImpressionWatcher } from './render/impressions.js';
import { observeSlots, type SlotObserver } from './render/observe.js';
import { findSlots, restoreSlot, showBanner, withRoot, type RenderRoot, type Slot } from './render/slots.js';
import { MemoryStore } from './storage/memory.js';
import type { Loaded, Meta, Store } from './storage/store.js';
import { eraseStored, reportTo, storeFor } from './stores.js';
import { readSummary, type ProfileSummary } from './summary.js';
import type { MeasurementData } from './measurement/types.js';
import { joinTabs, type TabMessage, type Tabs } from './tabs.js';
import { catalogVersionOf, Engine, messageOf, utf8 } from './wasm.js';

/** Interests per dimension in `profile()`; `exportData()` has them all. */
const PROFILE_TOP = 8;

/** Where things stand. */
export interface Status {
  storage: 'indexeddb' | 'memory';
  catalogVersion: string | null;
  personalization: ConsentState;
  measurement: ConsentState;
}

/** Everything stored about this browser, readable. */
export interface DataExport {
  deviceId: string;
  storedIn: 'indexeddb' | 'memory';
  consent: { personalization: ConsentState; measurement: ConsentState };
  profile: ProfileSummary;
  /** Events recorded but not yet folded into the stored profile. */
  pendingEvents: number;
  /**
   * The measurement ledger (today's counts and the privacy budget spent), when
   * `vitrine/measurement` runs on this instance: `null` when nothing is stored.
   */
  measurement?: MeasurementData | null;
}

/** A new random device id. */
export function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? Math.random().toString(16).slice(2) + Date.now().toString(16);
}

/** A random 32-bit seed for one decision. */
function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

/** The engine's input for "no stored profile". */
const NO_PROFILE = new Uint8Array(0);

/** Restarts after a wasm trap that read the stored profile again; later ones do not. */
const MAX_PROFILE_RELOADS = 2;

/** The running SDK (see `VitrineInstance` in index.ts for the public contract). */
export class Instance {
  /** The engine in use: a new one after a trap ({@link Instance.restart}). */
  engine: Engine;
  #source: CatalogSource | undefined;
  #reader: DecisionReader;
  readonly #outbox = new Outbox({
    apply: (batch) => this.#check(this.engine.apply(batch, this.#erasedAt), 'events were dropped'),
    store: () => this.#storeInUse,
    storeLost: () => {
      this.#storeInUse.close();
      this.#storeInUse = new MemoryStore();
    },
    report: (error) => this.report(error),
    clock: () => this.settings.clock(),
  });
  #destroying: Promise<void> | undefined;
  /** Consent changes run one at a time, in call order. */
  #consenting: Promise<void> = Promise.resolve();
  #last: Decision[] = [];
  /** The survey each survey banner shown asks (what its answer buttons answer). */
  readonly #surveys = new WeakMap<Element, Survey>();
  #lastRender: { context: unknown; root: RenderRoot; full: boolean } | undefined;
  #decisions = 0;
  /** Engine restarts after traps so far. */
  #restarts = 0;
  #destroyed = false;
  #personalization: ConsentState;
  #measurement: ConsentState;
  readonly #id = randomId();
  #impressions: ImpressionWatcher;
  #interactions: InteractionListener | undefined;
  #observer: SlotObserver | undefined;
  readonly #tabs: Tabs;
  readonly #eventListeners = new Set<(event: VitrineEvent) => void>();
  readonly #changeListeners = new Set<() => void>();
  readonly #destroyListeners: (() => void)[] = [];
  /** What optional parts add to `exportData()`, by part. */
  readonly #exporters = new Map<'measurement', () => Promise<unknown>>();
  readonly #onHide = (event: Event): void => {
    if (event.type === 'pagehide' || document.visibilityState === 'hidden') this.#background('events could not be stashed', () => this.#outbox.stash());
  };

  #storeInUse: Store;
  #deviceId: string;
  #erasedAt: number;

  constructor(
    readonly settings: Settings,
    storeInUse: Store,
    deviceId: string,
    erasedAt: number,
  ) {
    this.#storeInUse = storeInUse;
    this.#deviceId = deviceId;
    this.#erasedAt = erasedAt;
    this.#personalization = settings.personalization;
    this.#measurement = settings.measurement;
    this.engine = this.#newEngine();
    this.#reader = new DecisionReader(this.engine);
    this.#impressions = this.#watch();
    this.#tabs = joinTabs(settings.database, (message) => this.#fromOtherTab(message));
    addEventListener('pagehide', this.#onHide);
    document.addEventListener('visibilitychange', this.#onHide);
    try {
      this.#interactions = listenInteractions(document, {
        instance: this.#id,
        onClick: (offer, slot) => this.#interacted({ type: 'click', offer, slot }),
        onDismiss: (offer, slot) => this.#interacted({ type: 'dismiss', offer, slot }),
        onAnswer: (banner, score) => {
          const survey = this.#surveys.get(banner);
          try {
            this.#interacted(checkEvent({ type: 'survey_answer', survey: survey?.id, scale: survey?.scale, score }));
          } catch {
            return undefined; // not a banner of this instance, or a score the page changed
          }
          // Kept only with consent (it may have been withdrawn since the banner showed).
          return this.#personalization === 'granted' ? survey?.thanks : undefined;
        },
      });
    } catch (error) {
      this.report(toVitrineError(error, 'render_failed', 'clicks cannot be counted on this page'));
    }
  }

  // ----- used by CatalogSource -------------------------------------------------------------

  store(): Store {
    return this.#storeInUse;
  }

  /** Reports a problem through `onError`; one caused by a wasm trap restarts the engine first. */
  report(error: VitrineError): void {
    if (isTrap(error.cause)) this.#restart(error.cause);
    reportTo(this.settings, error);
  }

  /**
   * After a failed call: a wasm trap (a bug: a panic, or worse) restarts the engine, since its
   * state cannot be trusted any more. The public API calls this before coding the error.
   */
  failed(error: unknown): void {
    const trap = isTrap(error) ? error : error instanceof Error && isTrap(error.cause) ? error.cause : undefined;
    if (trap !== undefined && !this.#destroyed) this.#restart(trap);
  }

  adopted(): void {
    this.#reader = new DecisionReader(this.engine);
  }

  /** Connects the catalog source (after the wasm is loaded). */
  attach(source: CatalogSource): void {
    this.#source = source;
  }

  /**
   * The profile at start, from what the store read: the stored profile and batches are applied
   * in memory, so the first decisions wait for no write. Folding them into the stored profile
   * (which also applies retention) goes on in the background, and this page's writes wait for
   * it; when the stored profile is current (no batches, nothing past the retention limit) nothing
   * is written.
   * Resolves once a new device's id is stored (it overlaps the catalog's download).
   */
  async startProfile(loaded: Loaded): Promise<void> {
    const now = this.settings.clock();
    const stored = loaded.profile;
    // An unreadable profile is reported and replaced by a new one, which the fold stores.
    const profile = this.#applyStored(stored ?? NO_PROFILE, loaded.outbox, loaded.meta, now);
    // Written unless it is stored as is: a missing record in an older database may be a
    // corrupt one (reported when read), which the fold replaces too.
    const stale = stored === undefined ? !this.#storeInUse.created : !sameBytes(profile, stored);
    if (loaded.outbox.length > 0 || stale) this.#outbox.after(this.#foldAtStart(loaded, profile, now));
    if (loaded.meta.deviceId === undefined) await this.#saveDeviceId();
  }

  /**
   * Folds the stored outbox into the stored profile (one read-write transaction, the wasm
   * between read and write), which also applies retention; saves a new device id.
   */
  async loadProfile(newDevice: boolean): Promise<void> {
    const now = this.settings.clock();
    try {
      await this.#storeInUse.fold((profile, batches, meta) => ({
        profile: this.#applyStored(profile ?? NO_PROFILE, batches, meta, now),
      }));
    } catch (error) {
      this.report(toVitrineError(error, 'storage_failed', 'the stored profile could not be read'));
    }
    if (newDevice) await this.#saveDeviceId();
  }

  /**
   * The start's fold: it writes `profile` (the stored profile and batches `loaded` read, applied
   * at start) when the store still holds what was read; if another tab changed it meanwhile, it
   * folds what is there now, then applies this page's unwritten events again.
   */
  async #foldAtStart(loaded: Loaded, profile: Uint8Array, now: number): Promise<void> {
    try {
      await this.#storeInUse.fold((current = NO_PROFILE, batches, meta) => {
        if (batches.length === loaded.outbox.length && sameBytes(current, loaded.profile ?? NO_PROFILE)) return { profile };
        const folded = this.#applyStored(current, batches, meta, now);
        this.#applyUnwritten();
        return { profile: folded };
      });
    } catch (error) {
      this.report(toVitrineError(error, 'storage_failed', 'stored events could not be folded; they are kept'));
    }
  }

  /**
   * Loads the stored `profile` (empty: none) into the engine, applies the stored `batches` newer
   * than the retention limit and the last erasure, and returns the profile's bytes.
   */
  #applyStored(profile: Uint8Array, batches: readonly Uint8Array[], meta: Meta, now: number): Uint8Array {
    this.#check(this.engine.load_profile(profile, now), 'the stored profile was reset');
    // Events older than the retention limit or an erasure are not applied.
    const cutoff = Math.max(meta.erasedAt ?? 0, this.engine.retention_cutoff(now));
    for (const batch of batches) this.#check(this.engine.apply(batch, cutoff), 'stored events were dropped');
    return this.engine.profile_bytes();
  }

  /** Applies this page's batches the store does not have yet, after the engine was reloaded. */
  #applyUnwritten(): void {
    for (const batch of this.#outbox.unwritten()) this.engine.apply(batch, this.#erasedAt);
  }

  /** Stores this device's id; never rejects (a failure is reported). */
  async #saveDeviceId(): Promise<void> {
    if (!this.#storeInUse.persistent) return;
    try {
      await this.#storeInUse.putMeta({ deviceId: this.#deviceId });
    } catch (error) {
      this.report(toVitrineError(error, 'storage_failed', 'the device id could not be stored'));
    }
  }

  // ----- the public API -------------------------------------------------------------------

  track(event: unknown): void {
    const checked = checkEvent(event);
    this.#alive();
    this.#record(checked);
  }

  decide(slot: unknown, context?: unknown, options?: unknown): Decision {
    this.#alive();
    if (typeof slot !== 'string' || slot === '' || slot.length > 128) {
      throw new VitrineError('context_invalid', 'decide(slot): `slot` must be a slot id (a non-empty string of at most 128 characters)');
    }
    const full = readDetail(options);
    return this.#decideSlots([slot], context, full)[0] as Decision;
  }

  render(context?: unknown, root?: unknown, options?: unknown): Decision[] {
    this.#alive();
    const full = readDetail(options);
    return withRoot(root ?? document, (valid) => {
      const decisions = this.#fill(findSlots(valid), context, valid, full);
      this.#last = decisions;
      this.#lastRender = { context, root: valid, full };
      if (this.settings.observe && this.#observer === undefined) this.#observe(valid);
      return decisions;
    });
  }

  lastDecisions(): Decision[] {
    return this.#last;
  }

  profile(): ProfileSummary {
    this.#alive();
    this.#outbox.drain();
    return readSummary(this.engine.summary(this.settings.clock(), PROFILE_TOP));
  }

  status(): Status {
    this.#alive();
    return {
      storage: this.#storeInUse.persistent ? 'indexeddb' : 'memory',
      catalogVersion: catalogVersionOf(this.engine) ?? null,
      personalization: this.#personalization,
      measurement: this.#measurement,
    };
  }

  flush(): Promise<void> {
    return this.#outbox.flush();
  }

  async consent(update: unknown): Promise<void> {
    this.#alive();
    if (typeof update !== 'object' || update === null) {
      throw new VitrineError('consent_invalid', "invalid consent: pass an object such as { personalization: 'denied' }");
    }
    let personalization: ConsentState;
    let measurement: ConsentState;
    try {
      const u = update as Record<string, unknown>;
      personalization = consentState(u, 'personalization', this.#personalization);
      measurement = consentState(u, 'measurement', this.#measurement);
    } catch (error) {
      throw toVitrineError(error, 'consent_invalid', 'invalid consent');
    }
    await this.#changeConsent(personalization, measurement);
    this.#tabs.post({ kind: 'consent', personalization, measurement });
    this.#changed();
  }

  async exportData(): Promise<DataExport> {
    this.#alive();
    this.#outbox.drain();
    const data: DataExport = {
      deviceId: this.#deviceId,
      storedIn: this.#storeInUse.persistent ? 'indexeddb' : 'memory',
      consent: { personalization: this.#personalization, measurement: this.#measurement },
      profile: readSummary(this.engine.summary(this.settings.clock(), 0xffffffff)),
      pendingEvents: this.#outbox.waiting,
    };
    for (const [part, read] of this.#exporters) {
      try {
        data[part] = (await read()) as MeasurementData | null;
      } catch (error) {
        // The rest of the export stands; the part says it could not be read.
        this.report(toVitrineError(error, 'storage_failed', `the ${part} data could not be read for exportData()`));
        data[part] = null;
      }
    }
    return data;
  }

  async forget(): Promise<void> {
    this.#alive();
    const at = this.settings.clock();
    this.#eraseMemory(at);
    await this.#storeInUse.clear(at);
    if (this.#storeInUse.persistent) await this.#storeInUse.putMeta({ deviceId: this.#deviceId });
    else await eraseStored(this.settings, at, (e) => this.report(e));
    this.#tabs.post({ kind: 'forget', at, deviceId: this.#deviceId });
    this.#changed();
  }

  destroy(): Promise<void> {
    this.#destroying ??= this.#teardown();
    return this.#destroying;
  }

  async #teardown(): Promise<void> {
    const flushed = this.flush(); // what was tracked until now
    this.#destroyed = true; // from now on, calls are `destroyed` errors
    await flushed;
    this.#source?.stop();
    this.#impressions.stop();
    this.#interactions?.stop();
    this.#observer?.stop();
    this.#tabs.close();
    removeEventListener('pagehide', this.#onHide);
    document.removeEventListener('visibilitychange', this.#onHide);
    for (const listener of this.#destroyListeners) listener();
    this.#storeInUse.close();
    this.engine.free();
  }

  /** The interface optional entry points use (extension.ts). */
  extension(): Extension {
    const self = this;
    return {
      get engine() {
        return self.engine;
      },
      catalogPayload: () => this.#source?.payload,
      now: () => this.settings.clock(),
      record: (event) => this.#record(event),
      rerender: () => this.#rerender(),
      error: (code, message, cause) => new VitrineError(code, message, { cause }),
      // Straight to onError: a trap an optional module reports is its own, not the engine's.
      report: (error) => reportTo(this.settings, error),
      store: () => this.#storeInUse,
      consent: () => ({ personalization: this.#personalization, measurement: this.#measurement }),
      onEvent: (listener) => {
        this.#eventListeners.add(listener);
        return () => this.#eventListeners.delete(listener);
      },
      onChange: (listener) => {
        this.#changeListeners.add(listener);
        return () => this.#changeListeners.delete(listener);
      },
      onDestroy: (listener) => this.#destroyListeners.push(listener),
      onExport: (part, read) => {
        this.#exporters.set(part, read);
        return () => {
          if (this.#exporters.get(part) === read) this.#exporters.delete(part);
        };
      },
      get destroyed() {
        return self.#destroyed;
      },
    };
  }

  #changed(): void {
    for (const listener of this.#changeListeners) listener();
  }

  // ----- inside ---------------------------------------------------------------------------

  /** A new engine for this device, with the consent in use. */
  #newEngine(): Engine {
    const engine = new Engine(utf8(this.#deviceId), this.settings.retentionDays, this.settings.utcOffsetMinutes);
    engine.set_personalize(this.#personalization === 'granted');
    return engine;
  }

  /**
   * A new engine takes over at once, with the catalog in use and the events not yet stored;
   * then the stored profile is read again and those events applied on top. The batch whose
   * call trapped is not retried (it could trap again), and after {@link MAX_PROFILE_RELOADS}
   * restarts the stored profile is not read again either (it may be what traps), so restarts
   * never loop. The old engine is freed if it can be. Reported as `internal`: a Vitrine bug.
   */
  #restart(trap: unknown): void {
    const old = this.engine;
    this.engine = this.#newEngine();
    this.#reader = new DecisionReader(this.engine);
    const reload = ++this.#restarts <= MAX_PROFILE_RELOADS;
    let detail = reload ? 'restarted from the catalog and the stored profile' : 'restarted without the stored profile';
    try {
      const payload = this.#source?.payload;
      if (payload !== undefined) this.#check(this.engine.catalog(payload, this.settings.clock(), true), 'the catalog could not be used again');
      this.#applyUnwritten();
    } catch {
      detail = 'restarted without its catalog (it failed again)';
    }
    try {
      old.free();
    } catch {
      // Still borrowed by the call that trapped: left to the garbage collector.
    }
    const message = `Vitrine's engine failed (${String(trap)}) and was ${detail}; please report this bug`;
    reportTo(this.settings, new VitrineError('internal', message, { cause: trap }));
    if (!reload) return;
    void this.loadProfile(false).then(() => this.#background('events could not be applied again', () => this.#applyUnwritten()));
  }

  /** Runs a background step (a timer, a page event), reporting what it throws. */
  #background(what: string, step: () => void): void {
    try {
      step();
    } catch (error) {
      this.report(toVitrineError(error, 'internal', what));
    }
  }

  #alive(): void {
    if (this.#destroyed) throw new VitrineError('destroyed', 'this Vitrine instance was destroyed; call Vitrine.init again');
  }

  /** A new impression watcher that records what it sees. */
  #watch(): ImpressionWatcher {
    return watchImpressions({
      onImpression: (offer, slot) => this.#record({ type: 'impression', offer, slot }),
      onUnsupported: (error) => this.report(error),
    });
  }

  /** Renders the last `render` again, if its root is still in the page. */
  #rerender(): void {
    const last = this.#lastRender;
    if (last === undefined || this.#destroyed || (last.root as Node).isConnected === false) return;
    try {
      this.render(last.context, last.root, { detail: last.full ? 'full' : 'pick' });
    } catch (error) {
      this.report(toVitrineError(error, 'render_failed', 'rendering again failed'));
    }
  }

  /** Adds an event to the profile's next batch and schedules a write. */
  #record(event: VitrineEvent): void {
    if (this.#personalization !== 'granted' || this.#destroyed) return;
    this.#outbox.add(event);
    for (const listener of this.#eventListeners) {
      try {
        listener(event);
      } catch (error) {
        this.report(toVitrineError(error, 'internal', 'an optional part failed on an event'));
      }
    }
  }

  /**
   * A click, dismissal, survey answer or cart or order event: recorded and written now, since the
   * shopper usually leaves the page next (the write the page starts as it goes may not finish).
   */
  #interacted(event: VitrineEvent): void {
    this.#record(event);
    this.#background('events could not be written', () => void this.flush());
  }

  #decideSlots(slots: string[], context: unknown, full: boolean): Decision[] {
    this.#outbox.drain();
    const { bytes, now } = encodeContext(context, slots);
    const seed = this.settings.seed === undefined ? randomSeed() : (this.settings.seed + this.#decisions) >>> 0;
    this.#decisions++;
    const answer = this.engine.decide(bytes, seed, now ?? this.settings.clock(), full);
    const message = answer.length === 0 ? messageOf(this.engine) : '';
    if (message !== '') throw new VitrineError('context_invalid', `invalid decision context: ${message}`);
    return this.#reader.read(slots, answer);
  }

  /** Decides `slots` and shows each decision in its slot. */
  #fill(slots: Slot[], context: unknown, root: RenderRoot, full: boolean): Decision[] {
    const decisions = this.#decideSlots(slots.map((s) => s.name), context, full);
    const doc = (root as Node).ownerDocument ?? (root as Document);
    slots.forEach((slot, i) => {
      const decision = decisions[i] as Decision;
      const offer = decision.offer;
      try {
        if (offer === null) {
          restoreSlot(slot.element);
          return;
        }
        const why = this.settings.disclosure
          ? { summary: decision.explanation.summary, dataPageUrl: this.settings.dataPageUrl }
          : undefined;
        const banner = buildBanner(doc, { offerId: offer.id, campaignId: offer.campaign, slot: slot.name, ...offer.creative, why }, this.#id);
        if (offer.creative.survey !== undefined) this.#surveys.set(banner, offer.creative.survey);
        showBanner(slot.element, banner);
        this.#impressions.watch(banner, offer.id, slot.name);
      } catch (error) {
        restoreSlot(slot.element);
        this.report(toVitrineError(error, 'render_failed', `slot "${slot.name}" could not show its banner`));
      }
    });
    return decisions;
  }

  #observe(root: RenderRoot): void {
    try {
      this.#observer = observeSlots(root, (added) => {
        // Only the new slots: banners already shown stay (and their impressions run on).
        if (this.#lastRender !== undefined && !this.#destroyed) this.#last = [...this.#last, ...this.#fill(added, this.#lastRender.context, root, this.#lastRender.full)];
      });
    } catch (error) {
      this.report(toVitrineError(error, 'render_failed', 'slots added later will not be filled'));
    }
  }

  #changeConsent(personalization: ConsentState, measurement: ConsentState): Promise<void> {
    const next = this.#consenting.then(() => this.#applyConsent(personalization, measurement));
    this.#consenting = next.catch(() => {});
    return next;
  }

  async #applyConsent(personalization: ConsentState, measurement: ConsentState): Promise<void> {
    const was = this.#personalization === 'granted';
    this.#personalization = personalization;
    this.#measurement = measurement;
    const now = personalization === 'granted';
    if (was && !now) {
      const at = this.settings.clock();
      this.#eraseMemory(at);
      this.engine.set_personalize(false);
      const old = this.#storeInUse;
      this.#storeInUse = new MemoryStore();
      try {
        await old.clear(at);
      } finally {
        old.close();
      }
    } else if (!was && now) {
      this.engine.set_personalize(true);
      const old = this.#storeInUse;
      this.#storeInUse = await storeFor(this.settings, personalization, (e) => this.report(e));
      old.close();
      const loaded = await this.#storeInUse.load();
      this.#erasedAt = loaded.meta.erasedAt ?? 0;
      if (loaded.meta.deviceId !== undefined) {
        this.#deviceId = loaded.meta.deviceId;
        this.engine.set_device_id(utf8(this.#deviceId));
      }
      await this.loadProfile(loaded.meta.deviceId === undefined);
    }
  }

  /** Drops the profile and pending events in memory, with a new device id (or the given one). */
  #eraseMemory(at: number, deviceId = randomId()): void {
    this.#outbox.clear();
    this.#erasedAt = at;
    this.engine.load_profile(new Uint8Array(0), at);
    this.#deviceId = deviceId;
    this.engine.set_device_id(utf8(deviceId));
    // Banners shown before the erasure count nothing after it: a new watcher, a new render.
    this.#impressions.stop();
    this.#impressions = this.#watch();
    this.#rerender();
  }

  #fromOtherTab(message: TabMessage): void {
    if (this.#destroyed) return;
    if (message.kind === 'forget') {
      this.#eraseMemory(message.at, message.deviceId);
      this.#changed();
    } else {
      // Well-formed (tabs.ts checks the states).
      void this.#changeConsent(message.personalization, message.measurement).then(() => this.#changed());
    }
  }

  /** Reports a failed wasm call's code; true when it succeeded. */
  #check(code: number, context: string): boolean {
    const error = codeOf(code);
    if (error === undefined) return true;
    this.report(new VitrineError(error, `${context}: ${messageOf(this.engine)}`));
    return false;
  }
}

/** Whether `error` is a WebAssembly trap (`unreachable` after a panic, out-of-bounds, ...). */
function isTrap(error: unknown): error is WebAssembly.RuntimeError {
  return typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError;
}

/** `decide`'s third argument: `{ detail: 'full' }` adds the left-out offers and feature values. */
function readDetail(options: unknown): boolean {
  if (options === undefined) return false;
  const detail = typeof options === 'object' && options !== null ? (options as { detail?: unknown }).detail : options;
  if (detail !== undefined && detail !== 'pick' && detail !== 'full') {
    throw new VitrineError('context_invalid', "decide(slot, context, options): `options.detail` must be 'pick' or 'full'");
  }
  return detail === 'full';
}

export type { ConsentOptions, DecisionContext };

/** Whether two byte arrays hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
