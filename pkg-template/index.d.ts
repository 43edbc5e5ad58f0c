/**
 * Loads and instantiates the WebAssembly module. The API calls it for you; call it yourself only
 * to start the download early or to provide the module from another location.
 */
export function load(
  wasm?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
): Promise<void>;

/** The SDK version (the npm package version). */
export function version(): Promise<string>;

/** Consent for one purpose. `pending` is treated as `denied` until granted. */
export type ConsentState = 'pending' | 'granted' | 'denied';

/** Consent per purpose. */
export interface ConsentOptions {
  /** Recording behaviour on this device and personalizing banners with it. Default `granted`. */
  personalization?: ConsentState;
  /** Aggregate, noise-protected measurement. Default `pending`; Global Privacy Control denies it. */
  measurement?: ConsentState;
}

/** An error from Vitrine: a JS `Error` (or `TypeError` for bad arguments) with a stable code. */
export interface VitrineError extends Error {
  code:
    | 'options_invalid' | 'event_invalid' | 'context_invalid' | 'consent_invalid'
    | 'catalog_invalid' | 'catalog_fetch_failed' | 'catalog_signature_missing'
    | 'catalog_signature_invalid' | 'public_keys_invalid'
    | 'storage_unavailable' | 'storage_quota_exceeded' | 'storage_corrupt' | 'storage_failed'
    | 'measurement_config_invalid' | 'measurement_budget_exhausted' | 'measurement_send_failed'
    | 'render_failed' | 'no_document' | 'destroyed' | 'internal'
    | 'bluetooth_unsupported' | 'beacons_none' | 'bluetooth_permission_denied'
    | 'bluetooth_cancelled' | 'bluetooth_failed' | 'bluetooth_stopped'
    | 'beacon_unknown' | 'advertisement_invalid';
}

/** Options of `Vitrine.init`. Give `catalogUrl` or `catalog`. */
export interface InitOptions {
  /** Where the catalog is published. Its detached signature is fetched from `catalogUrl + '.sig'`. */
  catalogUrl?: string;
  /** The catalog's text, instead of a URL (tests, server-rendered pages). Not signature-checked. */
  catalog?: string;
  /** Ed25519 public keys (`ed25519:<base64>`) that may sign the catalog. Empty: no check. */
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
  /**
   * Private aggregate measurement. Absent (the default): off. Needs both personalization and
   * measurement consent `granted`; Global Privacy Control turns it off.
   */
  measurement?: MeasurementOptions;
}

/** Private aggregate measurement (docs/measurement.md). */
export interface MeasurementOptions {
  /**
   * Where reports are POSTed (an `http(s)` URL or a path of this site), at most one per device
   * and finished day, as `text/plain` JSON without cookies or Referer. Use an endpoint that
   * sets no cookies and does not log IP addresses.
   */
  endpoint: string;
  /** Privacy budget per device and day, in (0, 10]. Default 1; lower is more private. */
  epsilonPerDay?: number;
}

/** A product as events describe it. Only `id` is required. */
export interface Product {
  id: string;
  category?: string;
  brand?: string;
  tags?: string[];
  price?: number;
}

export type PageType = 'home' | 'category' | 'product' | 'search' | 'cart' | 'checkout' | 'other';

/** What the shopper did. `at` (Unix ms) defaults to now. */
export type VitrineEvent = { at?: number } & (
  | { type: 'page_view'; pageType: PageType }
  | { type: 'product_view'; product: Product }
  | { type: 'category_view'; category: string }
  | { type: 'search'; query: string }
  | { type: 'add_to_cart'; product: Product; quantity?: number }
  | { type: 'remove_from_cart'; productId: string }
  | { type: 'purchase'; items: Product[]; value?: number }
  | { type: 'impression' | 'click' | 'dismiss'; offer: string; slot: string }
  | { type: 'beacon_enter' | 'beacon_exit'; beacon: string }
);

/** The page a decision is made for. */
export interface DecisionContext {
  now?: number;
  pageType?: PageType;
  category?: string;
  product?: string;
  locale?: string;
  device?: 'mobile' | 'tablet' | 'desktop';
  referrer?: 'direct' | 'search' | 'social' | 'email' | 'ads' | 'internal' | 'other';
  utcOffsetMinutes?: number;
  excludeCampaigns?: string[];
}

/** One slot's decision with its explanation. */
export interface Decision {
  slot: string;
  offer: null | {
    id: string;
    campaign: string;
    score: number;
    creative: {
      title: string;
      body?: string;
      cta?: string;
      link?: string;
      image?: { url: string; alt: string; width?: number; height?: number };
    };
  };
  mode: 'personalized' | 'holdout' | 'non_personalized';
  explanation: {
    summary: string;
    matchedRule: string | null;
    features: { name: string; value: unknown }[];
    interests: { dimension: string; key: string; share: number }[];
    expectedCtr: number | null;
    removed: { offer: string; reason: string }[];
    candidates: number;
  };
}

/** `unsupported`: no Web Bluetooth; `permission_denied`: the last `start()` was refused. */
export type BeaconStatus = 'unsupported' | 'idle' | 'permission_denied' | 'scanning';

/** Proximity zone, like iOS `CLProximity`. */
export type BeaconZone = 'immediate' | 'near' | 'far' | 'unknown';

/**
 * In-store beacons over Web Bluetooth (Chromium with Web Bluetooth only; see docs/beacons.md).
 * Beacon data never leaves the device; arrivals and departures are stored as profile events
 * only with personalization consent, and the last `render` is redone when they happen.
 */
export interface VitrineBeacons {
  /** Never throws. */
  status(): BeaconStatus;
  /**
   * Starts receiving the catalog's beacons. Call it from a click or tap (the browser shows a
   * permission prompt or a device chooser). `auto` (default) scans with `requestLEScan` when
   * the browser has it, else lets the shopper pick one beacon (`requestDevice` +
   * `watchAdvertisements`); each `watch` start adds one beacon. Rejects with a `VitrineError`
   * (`bluetooth_unsupported`, `beacons_none`, `bluetooth_permission_denied`,
   * `bluetooth_cancelled`, `bluetooth_failed`, `destroyed`).
   */
  start(options?: { method?: 'auto' | 'scan' | 'watch' }): Promise<void>;
  /** Stops receiving; the shopper leaves every beacon. */
  stop(): void;
  /** Every catalog beacon's live zone, in catalog order. */
  zones(): { beacon: string; name: string; zone: BeaconZone; distanceM: number | null; at: boolean }[];
  /**
   * Feeds the advertisement a catalog beacon would send, received at `rssi` dBm (-127 to -1),
   * through the same path as real advertisements. Throws `beacon_unknown` or
   * `advertisement_invalid`.
   */
  simulate(advertisement: { beacon: string; rssi: number }): void;
}

/** A running SDK instance. */
export interface VitrineInstance {
  /** In-store beacons. */
  readonly beacons: VitrineBeacons;
  /** Records an event locally. Throws a `TypeError` (code `event_invalid`) naming a bad field. */
  track(event: VitrineEvent): void;
  /** Decides one slot without touching the page. */
  decide(slot: string, context?: DecisionContext): Decision;
  /** Fills every `[data-vitrine-slot]` under `root` (default: the document). */
  render(context?: DecisionContext, root?: Element): Decision[];
  /** The decisions of the latest `render`. */
  lastDecisions(): Decision[];
  /** A readable summary of the local profile. */
  profile(): unknown;
  /** Storage kind, catalog version and consent. */
  status(): { storage: 'indexeddb' | 'memory'; catalogVersion: string | null; personalization: ConsentState; measurement: ConsentState };
  /** Writes pending events now. */
  flush(): Promise<void>;
  /** Updates consent; withdrawing personalization erases stored behaviour. */
  consent(state: ConsentOptions): Promise<void>;
  /** Everything stored about this browser. */
  exportData(): Promise<unknown>;
  /** Erases everything stored. */
  forget(): Promise<void>;
  /** Writes pending events and removes listeners, observers and timers. */
  destroy(): Promise<void>;
}

export declare const Vitrine: {
  init(options: InitOptions): Promise<VitrineInstance>;
};
