/**
 * Clicks and dismissals of one instance's banners, through one delegated `click` listener on
 * the rendering root (capture phase, so a page handler that stops propagation does not hide a
 * click; not passive, since a dismissal prevents the default action). Only banners marked with
 * this instance's id count, so two instances on one page never count each other's clicks.
 *
 * A click on the dismiss button removes the banner, shows the slot's fallback content again
 * and reports a dismissal. Any other click in the banner reports a click, except inside the
 * "Why this banner?" disclosure (reading why is not interest in the offer). A click on a
 * survey's answer button also reports the answer, once: the buttons give way to the thanks.
 * Banners inside an open shadow root are seen from an outer root; for a closed one, pass the
 * shadow root itself.
 */

import {
  ANSWER_CLASS,
  BANNER_CLASS,
  DISMISS_CLASS,
  INSTANCE_ATTR,
  OFFER_ATTR,
  SLOT_REF_ATTR,
  SURVEY_CLASS,
  WHY_CLASS,
} from './banner.js';
import { isElement, restoreSlot, SLOT_ATTR, withRoot, type RenderRoot } from './slots.js';

/** The instance and what it reports to. */
export interface InteractionOptions {
  /** The id in the banners' `data-vitrine-instance` attribute. */
  readonly instance: string;
  /** A banner of this instance showing `offerId` in `slot` was clicked. */
  readonly onClick: (offerId: string, slot: string) => void;
  /** A banner of this instance was dismissed (and is already gone). */
  readonly onDismiss: (offerId: string, slot: string) => void;
  /**
   * A survey banner of this instance was answered with the button's `value`: the survey's
   * thanks when the answer is valid and kept (the banner then shows them), else `undefined`.
   */
  readonly onAnswer: (banner: Element, score: number) => string | undefined;
}

/** A listening delegate; `stop()` removes its listener. */
export interface InteractionListener {
  stop(): void;
}

/**
 * Listens for clicks under `root` (a Document, Element or ShadowRoot; anything else throws a
 * `context_invalid` `VitrineError`).
 */
export function listenInteractions(root: RenderRoot, options: InteractionOptions): InteractionListener {
  const onClick = (event: Event): void => {
    // The original target, also inside open shadow roots (`event.target` is retargeted).
    const target = event.composedPath()[0] ?? event.target;
    if (!isElement(target)) return;
    const banner = target.closest(`.${BANNER_CLASS}`);
    if (banner === null || banner.getAttribute(INSTANCE_ATTR) !== options.instance) return;
    const offerId = banner.getAttribute(OFFER_ATTR);
    const slot = banner.getAttribute(SLOT_REF_ATTR);
    if (offerId === null || slot === null) return;
    if (within(target, DISMISS_CLASS, banner)) {
      event.preventDefault();
      const slotElement = banner.closest(`[${SLOT_ATTR}]`);
      if (slotElement === null) banner.remove();
      else restoreSlot(slotElement);
      options.onDismiss(offerId, slot);
    } else if (!within(target, WHY_CLASS, banner)) {
      options.onClick(offerId, slot);
      const answer = target.closest(`.${ANSWER_CLASS}`);
      if (answer === null || !banner.contains(answer)) return;
      const thanks = options.onAnswer(banner, Number(answer.getAttribute('value')));
      const status = banner.querySelector<HTMLElement>(`.${SURVEY_CLASS}__thanks`);
      if (thanks !== undefined && status !== null) {
        // Answered once: the buttons give way to the thanks, which take the focus they had.
        (answer.parentElement as Element).remove(); // the answer buttons' group
        status.textContent = thanks;
        status.focus();
      }
    }
  };
  return withRoot(root, (valid) => {
    valid.addEventListener('click', onClick, { capture: true, passive: false });
    return { stop: () => valid.removeEventListener('click', onClick, { capture: true }) };
  });
}

/** True when `target` is inside an element of `className` that is inside `banner`. */
function within(target: Element, className: string, banner: Element): boolean {
  const found = target.closest(`.${className}`);
  return found !== null && banner.contains(found);
}
