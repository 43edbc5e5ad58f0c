/**
 * Reads the wasm's readable profile (wasm/src/summary.rs) into the objects `profile()` and
 * `exportData()` return.
 */
import { SCALES, type SurveyScale } from './survey.js';
import { WireReader } from './wire-read.js';

/** An interest and its share (0..1) of its dimension. */
export interface Share {
  key: string;
  share: number;
}

/** The local profile, as the shopper may read it. */
export interface ProfileSummary {
  temperature: 'cold' | 'warm' | 'hot';
  affinities: { category: Share[]; brand: Share[]; tag: Share[]; search: Share[] };
  offers: { id: string; impressions: number; clicks: number; dismissals: number; lastShownAt: number | null }[];
  cart: string[];
  purchases: number;
  sessions: number;
  events: number;
  /**
   * Recently bought products: when last (Unix ms), their category, how many times (shopping
   * trips), and the usual days between purchases (null when bought once), which reorder
   * timing reads.
   */
  bought: { product: string; at: number; category: string | null; times: number; everyDays: number | null }[];
  /** Recent search terms (normalised) and when. */
  searches: { term: string; at: number }[];
  /** In-store beacons visited: latest arrival and departure. */
  beacons: { beacon: string; enteredAt: number | null; exitedAt: number | null }[];
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  /** The lifecycle stage rules read: new, returning, first_order, repeat, loyal, at_risk, lapsed. */
  lifecycle: string;
  /**
   * Products the shop described (name, page, picture), which offer templates show: when last
   * described or viewed, and when its page was last viewed.
   */
  products: { product: string; name: string; url: string; image: string | null; seenAt: number; viewedAt: number | null }[];
  /** The shopper's survey answers (they never leave the device): the scale, score and when. */
  surveys: { survey: string; scale: SurveyScale; score: number; at: number }[];
}

const TEMPERATURES = ['cold', 'warm', 'hot'] as const;

const share = (r: WireReader): Share => ({ key: r.string(), share: r.f64() });
const time = (r: WireReader): number | null => r.option((r) => r.signed()) ?? null;

/** Decodes `Engine.summary`'s answer. */
export function readSummary(bytes: Uint8Array): ProfileSummary {
  const r = new WireReader(bytes);
  return {
    temperature: TEMPERATURES[r.varint()] ?? 'cold',
    affinities: { category: r.list(share), brand: r.list(share), tag: r.list(share), search: r.list(share) },
    offers: r.list((r) => ({
      id: r.string(),
      impressions: r.varint(),
      clicks: r.varint(),
      dismissals: r.varint(),
      lastShownAt: time(r),
    })),
    cart: r.list((r) => r.string()),
    purchases: r.varint(),
    sessions: r.varint(),
    events: r.varint(),
    bought: r.list((r) => ({
      product: r.string(),
      at: r.signed(),
      category: r.option((r) => r.string()) ?? null,
      times: r.varint(),
      everyDays: r.option((r) => r.f64()) ?? null,
    })),
    searches: r.list((r) => ({ term: r.string(), at: r.signed() })),
    beacons: r.list((r) => ({ beacon: r.string(), enteredAt: time(r), exitedAt: time(r) })),
    firstSeenAt: time(r),
    lastSeenAt: time(r),
    lifecycle: r.string(),
    products: r.list((r) => ({
      product: r.string(),
      name: r.string(),
      url: r.string(),
      image: r.option((r) => r.string()) ?? null,
      seenAt: r.signed(),
      viewedAt: time(r),
    })),
    surveys: r.list((r) => ({ survey: r.string(), scale: SCALES[r.varint()] ?? 'thumbs', score: r.varint(), at: r.signed() })),
  };
}
