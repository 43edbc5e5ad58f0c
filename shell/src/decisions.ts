/**
 * Turns the wasm's compact decisions (wasm/src/output.rs: offer indices, codes, numbers) into
 * the public `Decision` objects, with the shopper-facing sentence of "Why this banner?". The
 * words live here, not in the wasm: the wasm build carries no text formatting.
 */
import type { Engine } from './wasm.js';
import { SCALES, type SurveyScale } from './survey.js';
import { WireReader } from './wire-read.js';

/** What was shown, as the shop's catalog describes it. */
export interface Creative {
  title: string;
  body?: string;
  cta?: string;
  link?: string;
  image?: { url: string; alt: string; width?: number; height?: number };
  /** A one-tap survey: the banner asks `title` and is answered with the scale's buttons. */
  survey?: Survey;
}

/** A survey banner's question: its id (rules read `survey.<id>.score`), scale and thanks. */
export interface Survey {
  id: string;
  /** 0 to 10 (`nps`), 1 to 5 (`csat`), or thumbs down 0 and up 1 (`thumbs`). */
  scale: SurveyScale;
  /** What the banner says once answered. */
  thanks: string;
}

/** The shopper's product that filled a template offer, and why it was picked. */
export interface ProductShown {
  id: string;
  name: string;
  url: string;
  image?: string;
  /** Bought before, viewed recently, or goes with `with` (a product in the cart). */
  because: 'bought' | 'viewed' | 'goes_with';
  with?: string;
}

/** One slot's decision with its explanation. */
export interface Decision {
  slot: string;
  offer: null | { id: string; campaign: string; score: number; creative: Creative; product?: ProductShown };
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
  'no_product',
  'answered',
  'survey_cooldown',
] as const;
const BECAUSE = ['bought', 'viewed', 'goes_with'] as const;
/** Where a template's creative names its product (Rust's `PRODUCT_PLACEHOLDER`). */
const PLACEHOLDER = '{product}';
const DIMENSIONS = ['category', 'brand', 'tag'] as const;

/** An offer's identity and creative, read once per catalog and kept. */
interface OfferInfo {
  id: string;
  campaign: string;
  creative: Creative;
}

/** Reads decisions against one catalog; offers are decoded on first use and cached. */
export class DecisionReader {
  readonly #offers = new Map<number, OfferInfo>();

  readonly #engine: Engine;

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** The decisions for `slots` from `decide`'s answer (empty: no usable catalog). */
  read(slots: readonly string[], answer: Uint8Array): Decision[] {
    if (answer.length === 0) return slots.map(noCatalog);
    const r = new WireReader(answer);
    return r.list((r, i) => this.#slot(r, slots[i] as string));
  }

  /** The catalog's offer `index` (decoded once). */
  offer(index: number): OfferInfo {
    let info = this.#offers.get(index);
    if (info === undefined) {
      info = readOffer(new WireReader(this.#engine.offer(index)));
      this.#offers.set(index, info);
    }
    return info;
  }

  #slot(r: WireReader, slot: string): Decision {
    const mode = MODES[r.varint()] ?? 'non_personalized';
    const candidates = r.varint();
    const chosen = r.option((r) => ({
      offer: r.varint(),
      score: r.f64(),
      interests: r.list((r) => ({ dimension: DIMENSIONS[r.varint()] ?? 'tag', key: r.string(), share: r.f64() })),
      personalRule: r.bool(),
      expectedCtr: r.option((r) => r.f64()) ?? null,
      features: r.list((r) => ({ name: r.string(), value: readValue(r) })),
      product: r.option(readProduct),
    }));
    const removed = r.list((r) => ({
      offer: this.offer(r.varint()).id,
      reason: REMOVAL_REASONS[r.varint()] ?? 'rule_not_matched',
    }));
    const info = chosen && this.offer(chosen.offer);
    const product = chosen?.product;
    const offer: Decision['offer'] = info
      ? { id: info.id, campaign: info.campaign, score: chosen.score, creative: info.creative }
      : null;
    if (offer && product) {
      offer.creative = fillCreative(offer.creative, product.shown.name, product.shown.url, product.shown.image);
      offer.product = product.shown;
    }
    return {
      slot,
      offer,
      mode,
      explanation: {
        summary: product
          ? templateSentence(product.shown.because, product.shown.name, product.withName)
          : summary(mode, chosen?.interests[0]?.key, chosen?.personalRule),
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
  const survey = r.option((r) => ({ id: r.string(), scale: SCALES[r.varint()] ?? 'thumbs', thanks: r.string() }));
  if (survey !== undefined) creative.survey = survey;
  if (body !== undefined) creative.body = body;
  if (image !== undefined) creative.image = image;
  if (link !== undefined) creative.link = link;
  if (cta !== undefined) creative.cta = cta;
  return { id, campaign, creative };
}

/** A template's product: the shown product, and the name of the cart's product it goes with. */
function readProduct(r: WireReader): { shown: ProductShown; withName: string | undefined } {
  const shown = { id: r.string(), name: r.string(), url: r.string() } as ProductShown;
  const image = r.option((r) => r.string());
  if (image !== undefined) shown.image = image;
  shown.because = BECAUSE[r.varint()] ?? 'bought';
  if (shown.because !== 'goes_with') return { shown, withName: undefined };
  shown.with = r.string();
  return { shown, withName: r.option((r) => r.string()) };
}

/**
 * `creative` filled with a product, as the core's `Creative::filled` does
 * (tests/vectors/templates.json holds both to it): `{product}` in the texts becomes `name`,
 * the link `url`, the image `image` (described by the name, in the catalog image's size).
 */
export function fillCreative(creative: Creative, name: string, url: string, image: string | undefined): Creative {
  const fill = (text: string): string => text.split(PLACEHOLDER).join(name);
  const { body, cta, image: own } = creative;
  const out: Creative = { ...creative, title: fill(creative.title), link: url };
  if (body !== undefined) out.body = fill(body);
  if (cta !== undefined) out.cta = fill(cta);
  if (image !== undefined) out.image = { ...own, url: image, alt: name };
  else if (own !== undefined) out.image = { ...own, alt: fill(own.alt) };
  return out;
}

/**
 * The sentence under "Why this banner?" for a template's product (the core's
 * `template_sentence`; tests/vectors/explanations.json holds both to it).
 */
export function templateSentence(because: ProductShown['because'], name: string, withName: string | undefined): string {
  if (because === 'bought') return `Suggested because you bought ${name} before.`;
  if (because === 'viewed') return `Suggested because you recently looked at ${name}.`;
  return `Suggested because it goes with ${withName ?? 'something'} in your cart.`;
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
