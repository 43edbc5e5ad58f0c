/**
 * Builds one banner element from a decided creative. Catalog text reaches the page only through
 * `textContent` and attribute setters (never as markup), and every URL passes the URL policy
 * again (`url.ts`): a refused link leaves the banner without a link, a refused image without
 * an image, a refused data page URL the disclosure without its link.
 *
 * The markup, with the class names shops can style (stable; `vitrine/style.css` styles them):
 *
 * ```text
 * aside.vitrine-banner                 data-vitrine-offer, -campaign, -slot-ref, -instance
 *   a.vitrine-banner__link             (a div when there is no usable link)
 *     img.vitrine-banner__image        optional
 *     span.vitrine-banner__text
 *       strong.vitrine-banner__title
 *       span.vitrine-banner__body      optional
 *       span.vitrine-banner__cta       optional
 *   div.vitrine-survey                 a survey's answers (the banner is labelled by the question)
 *     button.vitrine-survey__answer    value: 0 to 10, 1 to 5, or 0 (👎) and 1 (👍)
 *   p.vitrine-survey__thanks           role="status", empty until answered, then focused
 *   button.vitrine-banner__dismiss     type="button", aria-label "Dismiss: <title>"
 *   details.vitrine-why                optional: the "Why this banner?" disclosure
 *     summary.vitrine-why__toggle
 *     p.vitrine-why__reason
 *     p.vitrine-why__note
 *     a.vitrine-why__data              optional: the shop's data page
 * ```
 *
 * Every catalog text sits in its own element with `dir="auto"`, which isolates it: an
 * unbalanced right-to-left override in one text cannot reorder the others.
 */

import { SCORES, type SurveyScale } from '../survey.js';
import { safeUrl } from './url.js';

/** A decided creative, as the coordinator hands it over. */
export interface Creative {
  readonly offerId: string;
  readonly campaignId: string;
  /** The slot the offer was decided for. */
  readonly slot: string;
  readonly title: string;
  readonly body?: string | undefined;
  readonly image?: CreativeImage | undefined;
  /** Where the banner leads (`https:`, `http:` or relative). */
  readonly link?: string | undefined;
  /** The call to action, e.g. "Shop now". */
  readonly cta?: string | undefined;
  /** Present when the shop enabled the "Why this banner?" disclosure. */
  readonly why?: CreativeWhy | undefined;
  /** A one-tap survey: answer buttons instead of a link. */
  readonly survey?: { readonly scale: SurveyScale } | undefined;
}

/** A creative's image; `width` and `height` (CSS pixels) reserve its space before it loads. */
export interface CreativeImage {
  readonly url: string;
  readonly alt: string;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** The disclosure's content: the decision's reason, and where shoppers manage their data. */
export interface CreativeWhy {
  readonly summary: string;
  readonly dataPageUrl?: string | undefined;
}

/** The banner's class. */
export const BANNER_CLASS = 'vitrine-banner';
/** The dismiss button's class. */
export const DISMISS_CLASS = 'vitrine-banner__dismiss';
/** The disclosure's class. */
export const WHY_CLASS = 'vitrine-why';
/** A survey answer button's class; its score is its `value`. */
export const ANSWER_CLASS = 'vitrine-survey__answer';
/** The class of a survey's answer group, and of its thanks (`__thanks`). */
export const SURVEY_CLASS = 'vitrine-survey';
/** The banner attribute holding the offer id. */
export const OFFER_ATTR = 'data-vitrine-offer';
/** The banner attribute holding the name of the slot the offer was decided for. */
export const SLOT_REF_ATTR = 'data-vitrine-slot-ref';
/** The banner attribute naming the SDK instance that rendered it. */
export const INSTANCE_ATTR = 'data-vitrine-instance';

const EXTERNAL_REL = 'noopener noreferrer';

/** Builds `creative`'s banner in `doc`, marked as rendered by `instance`; not yet attached. */
export function buildBanner(doc: Document, creative: Creative, instance: string): HTMLElement {
  const banner = element(doc, 'aside', BANNER_CLASS);
  banner.setAttribute(OFFER_ATTR, creative.offerId);
  banner.setAttribute('data-vitrine-campaign', creative.campaignId);
  banner.setAttribute(SLOT_REF_ATTR, creative.slot);
  banner.setAttribute(INSTANCE_ATTR, instance);
  banner.setAttribute('aria-label', creative.title);

  const link = creative.link === undefined ? undefined : safeUrl(creative.link, doc);
  const body =
    link === undefined
      ? element(doc, 'div', 'vitrine-banner__link')
      : anchor(doc, 'vitrine-banner__link', link.href, link.external);
  const image = creative.image;
  const src = image === undefined ? undefined : safeUrl(image.url, doc);
  if (image !== undefined && src !== undefined) {
    const img = element(doc, 'img', 'vitrine-banner__image', body);
    img.setAttribute('src', src.href);
    img.setAttribute('alt', image.alt);
    setSize(img, 'width', image.width);
    setSize(img, 'height', image.height);
    img.setAttribute('decoding', 'async');
    // The page URL (a product, a search) is behaviour: never send it to another origin.
    if (src.external) img.setAttribute('referrerpolicy', 'no-referrer');
  }
  const text = element(doc, 'span', 'vitrine-banner__text', body);
  catalogText(doc, 'strong', 'vitrine-banner__title', text, creative.title);
  catalogText(doc, 'span', 'vitrine-banner__body', text, creative.body);
  catalogText(doc, 'span', 'vitrine-banner__cta', text, creative.cta);
  banner.append(body);
  if (creative.survey !== undefined) survey(doc, banner, creative.survey.scale);

  const dismiss = element(doc, 'button', DISMISS_CLASS, banner);
  dismiss.setAttribute('type', 'button');
  dismiss.setAttribute('aria-label', `Dismiss: ${creative.title}`);
  dismiss.textContent = '×';
  if (creative.why !== undefined) banner.append(disclosure(doc, creative.why));
  return banner;
}

/**
 * A survey's answer buttons, lowest score first, in the banner labelled by its question, and the
 * live region its thanks will be written into (empty and in place from the start, so that
 * screen readers announce them).
 */
function survey(doc: Document, banner: HTMLElement, scale: SurveyScale): void {
  const group = element(doc, 'div', SURVEY_CLASS, banner);
  const [low, high] = SCORES[scale];
  for (let score = low; score <= high; score++) {
    const button = element(doc, 'button', ANSWER_CLASS, group);
    button.setAttribute('type', 'button');
    button.setAttribute('value', String(score));
    button.textContent = String(score);
    if (scale === 'thumbs') {
      button.textContent = score ? '👍' : '👎';
      button.setAttribute('aria-label', score ? 'Thumbs up' : 'Thumbs down');
    }
  }
  const thanks = element(doc, 'p', `${SURVEY_CLASS}__thanks`, banner);
  thanks.setAttribute('role', 'status');
  thanks.setAttribute('tabindex', '-1');
  thanks.setAttribute('dir', 'auto');
}

/** `<details>`: native disclosure semantics (keyboard, screen readers) with no script. */
function disclosure(doc: Document, why: CreativeWhy): HTMLElement {
  const details = element(doc, 'details', WHY_CLASS);
  element(doc, 'summary', 'vitrine-why__toggle', details).textContent = 'Why this banner?';
  catalogText(doc, 'p', 'vitrine-why__reason', details, why.summary);
  element(doc, 'p', 'vitrine-why__note', details).textContent =
    'Chosen on this device from your browsing here; nothing about it was sent anywhere.';
  const page = why.dataPageUrl === undefined ? undefined : safeUrl(why.dataPageUrl, doc);
  if (page !== undefined) {
    const a = anchor(doc, 'vitrine-why__data', page.href, page.external);
    a.textContent = 'See, export or erase your data';
    details.append(a);
  }
  return details;
}

function anchor(doc: Document, className: string, href: string, external: boolean): HTMLElement {
  const a = element(doc, 'a', className);
  a.setAttribute('href', href);
  if (external) a.setAttribute('rel', EXTERNAL_REL);
  return a;
}

/** A new `<tag class=className>`, appended to `parent` if given. */
function element(doc: Document, tag: string, className: string, parent?: Element): HTMLElement {
  const el = doc.createElement(tag);
  el.className = className;
  parent?.append(el);
  return el;
}

/** Appends catalog `text` (if any) to `parent` in its own element, as text, isolated by `dir`. */
function catalogText(
  doc: Document,
  tag: string,
  className: string,
  parent: Element,
  text: string | undefined,
): void {
  if (text === undefined) return;
  const el = element(doc, tag, className, parent);
  el.setAttribute('dir', 'auto');
  el.textContent = text;
}

function setSize(img: HTMLElement, name: 'width' | 'height', value: number | undefined): void {
  if (value !== undefined && Number.isSafeInteger(value) && value > 0) img.setAttribute(name, String(value));
}
