/**
 * The opt-in slot observer for pages that add slots later (single-page apps): a
 * MutationObserver on the rendering root reports the slots that arrived and do not show a
 * banner yet. MutationObserver already batches: every insertion made before the next
 * microtask checkpoint is reported in one call, each slot once.
 */

import { VitrineError } from '../errors.js';
import { FILLED_CLASS, findSlots, isElement, withRoot, type RenderRoot, type Slot } from './slots.js';

/** An observing delegate; `stop()` disconnects it. */
export interface SlotObserver {
  stop(): void;
}

/**
 * Calls `onSlots` with the slots added under `root` from now on (a Document, Element or
 * ShadowRoot; anything else throws a `context_invalid` `VitrineError`).
 */
export function observeSlots(root: RenderRoot, onSlots: (slots: Slot[]) => void): SlotObserver {
  return withRoot(root, (valid) => {
    if (typeof MutationObserver !== 'function') {
      const message = 'observing slots needs MutationObserver, which this page lacks';
      throw new VitrineError('render_failed', message);
    }
    const observer = new MutationObserver((records) => {
      const found = new Set<Element>();
      const slots: Slot[] = [];
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) {
          // Added then removed again before this call: nothing to fill.
          if (!isElement(node) || !valid.contains(node)) continue;
          for (const slot of findSlots(node)) {
            if (found.has(slot.element) || slot.element.classList.contains(FILLED_CLASS)) continue;
            found.add(slot.element);
            slots.push(slot);
          }
        }
      }
      if (slots.length > 0) onSlots(slots);
    });
    observer.observe(valid, { childList: true, subtree: true });
    return { stop: () => observer.disconnect() };
  });
}
