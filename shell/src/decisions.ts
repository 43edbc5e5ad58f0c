/**
 * Turns the wasm's compact decisions (wasm/src/output.rs: offer indices, codes, numbers) into
 * the public `Decision` objects, with the shopper-facing sentence of "Why this banner?". The
 * words live here, not in the wasm: the wasm build carries no text formatting.
 */
import type { Engine } from './wasm.js';
import { WireReader } from './wire-read.js';

/** What was shown, as the shop's catalog describes it. */
export interface Creative {
  title: string;
  body?: string;
  cta?: string;
  link?: string;
  image?: { url: string; alt: string; width?: number; height?: number };
}

/** One slot's decision with its explanation. */
export interface Decision {
  slot: string;
  offer: null | { id: string; campaign: string; score: number; creative: Creative };
  mode: 'personalized' | 'holdout' | 'non_personalized';
  explanation: {
    /** One plain sentence for the shopper ("Why this banner?"). */
    summary: string;
    /** Always `null` in the browser: run `vitrine inspect` for a campaign's rule as text. */
    matchedRule: string | null;
    /** The features the chosen offer's rules read, with their values (`detail: 'full'` only). */
    features: { name: string; value: unknown }[];
    /** The shopper's interests that made the offer relevant, strongest first. */
    interests: { dimension: string; key: string; share: number }[];
    expectedCtr: number | null;
    /** Offers for the slot that were left out, and why (`detail: 'full'` only). */
    removed: { offer: string; reason: string }[];
    /** Offers that were eligible and scored. */
    candidates: number;
  };
}

/** Rust's `Mode`, in order. */
const MODES = ['personalized', 'holdout', 'non_personalized'] as const;
/** Rust's `Removal`, in order (tests/decision_names.rs checks it). */
export const REMOVAL_REASONS = [
  'not_live',
  'rule_not_matched',
  'needs_personalization',
  'session_cap',
  'day_cap',
  'week_cap',
  'lifetime_cap',
  'spacing',
  'dismissed',
  'recently_purchased',
  'campaign_on_page',
  'fatigue',
] as const;
const DIMENSIONS = ['category', 'brand', 'tag'] as const;

/** An offer's identity and creative, read once per catalog and kept. */
interface OfferInfo {
  id: string;
  campaign: string;
  creative: Creative;
}

/** Reads decisions against one catalog; offers are decoded on first use and cached. */
export class DecisionReader {
  private readonly offers = new Map<number, OfferInfo>();

  constructor(private readonly engine: Engine) {}

  /** The decisions for `slots` from `decide`'s answer (empty: no usable catalog). */
  read(slots: readonly string[], answer: Uint8Array): Decision[] {
    if (answer.length === 0) return slots.map(noCatalog);
    const r = new WireReader(answer);
    return r.list((r, i) => this.slot(r, slots[i] as string));
  }

  /** The catalog's offer `index` (decoded once). */
  offer(index: number): OfferInfo {
    let info = this.offers.get(index);
    if (info === undefined) {
      info = readOffer(new WireReader(this.engine.offer(index)));
      this.offers.set(index, info);
    }
    return info;
  }

  private slot(r: WireReader, slot: string): Decision {
    const mode = MODES[r.varint()] ?? 'non_personalized';
    const candidates = r.varint();
    const chosen = r.option((r) => ({
      offer: r.varint(),
      score: r.f64(),
      interests: r.list((r) => ({ dimension: DIMENSIONS[r.varint()] ?? 'tag', key: r.string(), share: r.f64() })),
      personalRule: r.bool(),
      expectedCtr: r.option((r) => r.f64()) ?? null,
      features: r.list((r) => ({ name: r.string(), value: readValue(r) })),
    }));
    const removed = r.list((r) => ({
      offer: this.offer(r.varint()).id,
      reason: REMOVAL_REASONS[r.varint()] ?? 'rule_not_matched',
    }));
    const info = chosen && this.offer(chosen.offer);
    return {
      slot,
      offer: info ? { id: info.id, campaign: info.campaign, score: chosen.score, creative: info.creative } : null,
      mode,
      explanation: {
        summary: summary(mode, chosen?.interests[0]?.key, chosen?.personalRule),
        matchedRule: null,
        features: chosen?.features ?? [],
        interests: chosen?.interests ?? [],
        expectedCtr: chosen?.expectedCtr ?? null,
        removed,
        candidates,
      },
    };
  }
}

function readOffer(r: WireReader): OfferInfo {
  const id = r.string();
  const campaign = r.string();
  const creative: Creative = { title: r.string() };
  const body = r.option((r) => r.string());
  const image = r.option((r) => {
    const image: NonNullable<Creative['image']> = { url: r.string(), alt: r.string() };
    const width = r.option((r) => r.varint());
    const height = r.option((r) => r.varint());
    if (width !== undefined) image.width = width;
    if (height !== undefined) image.height = height;
    return image;
  });
  const link = r.option((r) => r.string());
  const cta = r.option((r) => r.string());
  if (body !== undefined) creative.body = body;
  if (image !== undefined) creative.image = image;
  if (link !== undefined) creative.link = link;
  if (cta !== undefined) creative.cta = cta;
  return { id, campaign, creative };
}

/** Rust's `ValueWire`: missing, number, text, flag, list of texts. */
function readValue(r: WireReader): unknown {
  switch (r.varint()) {
    case 1:
      return r.f64();
    case 2:
      return r.string();
    case 3:
      return r.bool();
    case 4:
      return r.list((r) => r.string());
    default:
      return null;
  }
}

/**
 * The sentence a shopper reads under "Why this banner?" (the core's `summary_sentence` in
 * src/engine/decision/explain.rs writes the same; tests/vectors/explanations.json holds both
 * to them). `personalRule` is `undefined` when no offer was chosen.
 */
export function summary(mode: Decision['mode'], topInterest: string | undefined, personalRule: boolean | undefined): string {
  if (personalRule === undefined) return 'No offer fits this place right now.';
  if (mode === 'holdout') {
    return "The shop's standard offer: this browser is in the comparison group that sees no personalization.";
  }
  if (mode === 'non_personalized') return "The shop's standard offer for this page (personalization is off).";
  if (topInterest !== undefined) return `Suggested because you recently showed interest in ${topInterest}.`;
  return personalRule ? 'Suggested because of your recent activity in this shop.' : 'Shown to every shopper on this page.';
}

function noCatalog(slot: string): Decision {
  return {
    slot,
    offer: null,
    mode: 'non_personalized',
    explanation: {
      summary: "No catalog is available yet, so the page's own content is shown.",
      matchedRule: null,
      features: [],
      interests: [],
      expectedCtr: null,
      removed: [],
      candidates: 0,
    },
  };
}
