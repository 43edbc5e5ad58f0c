/**
 * Beacon detection of one instance: the running sources (scans and watched devices), the
 * page-visibility listener while they run, and the wasm presence ({@link Tracker}). Everything
 * stops on `stop()` and on the instance's `destroy()`.
 */
import type { ErrorCode } from '../errors.js';
import type { Extension } from '../extension.js';
import { startError, startScan, startWatch, type Source } from './acquire.js';
import { readAdvertisement } from './advertisement.js';
import { readSimulated, readStartOptions } from './arguments.js';
import { bluetoothOf, hasMethod, type AdvertisingEvent } from './bluetooth.js';
import { beaconCode } from './codes.js';
import { Tracker } from './tracker.js';
import type { BeaconStatus, BeaconZone, BeaconZoneState, SimulatedAdvertisement, StartOptions } from './types.js';

/** The wasm's zone numbers. */
const ZONES: readonly BeaconZone[] = ['immediate', 'near', 'far', 'unknown'];

/** Whether `error` is already a coded error (a `VitrineError`). */
function isCoded(error: unknown): error is Error & { code: ErrorCode } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

export class Controller {
  #tracker: Tracker | undefined;
  readonly #sources: Source[] = [];
  #denied = false;
  #gone = false;
  #unwatchVisibility: (() => void) | undefined;

  readonly #ext: Extension;

  constructor(ext: Extension) {
    this.#ext = ext;
    if (!ext.destroyed) ext.onDestroy(() => this.#teardown());
  }

  status(): BeaconStatus {
    try {
      if (!this.#gone && this.#sources.length > 0) return 'scanning';
      if (!this.#gone && this.#denied) return 'permission_denied';
      return bluetoothOf() === undefined ? 'unsupported' : 'idle';
    } catch {
      return 'unsupported';
    }
  }

  async start(options?: StartOptions): Promise<void> {
    try {
      await this.#starting(options);
    } catch (error) {
      throw isCoded(error) ? error : this.#ext.error('internal', 'beacons.start() failed', error);
    }
  }

  stop(): void {
    if (this.#gone || this.#ext.destroyed) return;
    this.#stopSources();
    this.#guard(() => this.#tracker?.stop());
  }

  zones(): BeaconZoneState[] {
    if (this.#gone || this.#ext.destroyed) return [];
    return this.#live()
      .zones()
      .map((z) => ({ beacon: z.beacon, name: z.name, zone: ZONES[z.zone] ?? 'unknown', distanceM: z.distanceM, at: z.at }));
  }

  simulate(advertisement: SimulatedAdvertisement): void {
    const tracker = this.#live();
    const { beacon, rssi } = readSimulated(advertisement, this.#ext.error);
    const code = tracker.simulate(beacon, rssi);
    if (code === 0) return;
    const error = beaconCode(code);
    const reason = tracker.message();
    if (error !== 'beacon_unknown') throw this.#ext.error(error, `invalid simulated advertisement: ${reason}`);
    const declared = tracker.zones().map((z) => z.beacon);
    throw this.#ext.error(
      error,
      `no beacon ${JSON.stringify(beacon)}: ${reason}; ${
        declared.length > 0 ? `declared beacons: ${declared.join(', ')}` : 'the current catalog declares none (or none is loaded yet)'
      }`,
    );
  }

  async #starting(options: StartOptions | undefined): Promise<void> {
    const tracker = this.#live();
    const method = readStartOptions(options, this.#ext.error);
    const bluetooth = bluetoothOf();
    if (bluetooth === undefined) throw this.#unsupported('navigator.bluetooth');
    const filters = tracker.filters();
    if (filters.code !== 0) throw this.#ext.error(beaconCode(filters.code), tracker.message());
    const scan = method === 'scan' || (method === 'auto' && hasMethod(bluetooth, 'requestLEScan'));
    const needed = scan ? 'requestLEScan' : 'requestDevice';
    if (!hasMethod(bluetooth, needed)) throw this.#unsupported(`navigator.bluetooth.${needed}`);
    if (scan && this.#scanning()) return;
    const onAdvertisement = (event: AdvertisingEvent): void => this.#received(event);
    let source: Source;
    try {
      source = scan
        ? await startScan(bluetooth, filters, onAdvertisement)
        : await startWatch(bluetooth, filters, onAdvertisement, () => this.#unsupported('device.watchAdvertisements'));
    } catch (error) {
      const coded = isCoded(error) ? error : startError(error, this.#ext.error);
      this.#denied = (coded as { code?: unknown }).code === 'bluetooth_permission_denied';
      throw coded;
    }
    this.#denied = false;
    if (this.#gone || this.#ext.destroyed) {
      source.stop();
      throw this.#destroyedError();
    }
    // Two scans started at once: the first one to arrive is kept.
    if (scan && this.#scanning()) return source.stop();
    this.#sources.push(source);
    this.#watchVisibility();
  }

  /** The presence, created on first use; throws `destroyed` after `destroy()`. */
  #live(): Tracker {
    if (this.#gone || this.#ext.destroyed) throw this.#destroyedError();
    this.#tracker ??= new Tracker(this.#ext);
    return this.#tracker;
  }

  #destroyedError(): Error {
    return this.#ext.error('destroyed', 'this Vitrine instance was destroyed; call Vitrine.init again');
  }

  #scanning(): boolean {
    return this.#sources.some((s) => s.scan);
  }

  #unsupported(missing: string): Error {
    return this.#ext.error(
      'bluetooth_unsupported',
      `this browser has no ${missing}: beacons need Chromium with Web Bluetooth (Android Chrome, or the experimental web platform features flag); check beacons.status() before offering a start button`,
    );
  }

  #received(event: AdvertisingEvent): void {
    if (this.#gone || this.#ext.destroyed) return;
    const { data, rssi } = readAdvertisement(event);
    this.#guard(() => this.#live().receive(data, rssi));
  }

  /** Runs `fn`, reporting (never throwing) a failure: for listeners and `stop()`. */
  #guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#ext.report(isCoded(error) ? error : this.#ext.error('internal', 'a beacon advertisement could not be handled', error));
    }
  }

  /** Browsers end scans and watches when the page is hidden: stop cleanly and say so. */
  #watchVisibility(): void {
    if (this.#unwatchVisibility !== undefined || typeof document === 'undefined') return;
    const onChange = (): void => {
      if (document.visibilityState !== 'hidden' || this.#sources.length === 0) return;
      this.stop();
      this.#ext.report(
        this.#ext.error('bluetooth_stopped', 'beacon scanning stopped because the page was hidden; call beacons.start() again from a user gesture'),
      );
    };
    document.addEventListener('visibilitychange', onChange);
    this.#unwatchVisibility = () => document.removeEventListener('visibilitychange', onChange);
  }

  #stopSources(): void {
    for (const source of this.#sources.splice(0)) source.stop();
    this.#unwatchVisibility?.();
    this.#unwatchVisibility = undefined;
  }

  /** On `destroy()`: everything stops; presence is forgotten without events. */
  #teardown(): void {
    this.#gone = true;
    this.#stopSources();
    this.#tracker?.free();
    this.#tracker = undefined;
  }
}
