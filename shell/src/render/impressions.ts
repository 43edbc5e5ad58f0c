/**
 * Impressions: a banner counts as seen once at least half of it has been visible for one
 * second without interruption (an IntersectionObserver at threshold 0.5 and a timer per banner,
 * cancelled when the banner leaves view or the page). Each banner element counts at most once.
 *
 * Where IntersectionObserver does not exist (jsdom, happy-dom, old browsers), the watcher says
 * so once through `onUnsupported`, at the first `watch`, and counts nothing: an impression it
 * cannot observe is never guessed.
 */

import { VitrineError } from '../errors.js';

/** How much of a banner must be visible. */
const VISIBLE_SHARE = 0.5;
/** For how long without interruption, in milliseconds. */
const VISIBLE_FOR_MS = 1000;

/** What the watcher reports to. */
export interface ImpressionCallbacks {
  /** A banner showing `offerId` in `slot` has been seen; called once per banner element. */
  readonly onImpression: (offerId: string, slot: string) => void;
  /** IntersectionObserver is missing: no impression will be counted (a `render_failed` error). */
  readonly onUnsupported: (error: VitrineError) => void;
}

/** Watches banners for impressions until stopped. */
export interface ImpressionWatcher {
  /** Starts watching a banner that shows `offerId` in `slot` (no-op after `stop`). */
  watch(banner: Element, offerId: string, slot: string): void;
  /** Stops watching every banner and cancels pending timers. */
  stop(): void;
}

interface Watched {
  readonly offerId: string;
  readonly slot: string;
}

/** A watcher reporting to `callbacks`. */
export function watchImpressions(callbacks: ImpressionCallbacks): ImpressionWatcher {
  const watched = new WeakMap<Element, Watched>();
  const seen = new WeakSet<Element>();
  const timers = new Map<Element, ReturnType<typeof setTimeout>>();
  let observer: IntersectionObserver | undefined;
  let stopped = false;
  let toldUnsupported = false;

  const cancel = (banner: Element): void => {
    clearTimeout(timers.get(banner));
    timers.delete(banner);
  };
  const seenAfterDelay = (banner: Element): void => {
    if (timers.has(banner)) return;
    const timer = setTimeout(() => {
      timers.delete(banner);
      const what = watched.get(banner);
      // Removed just before the second ended: the observer may not have said so yet.
      if (what === undefined || !banner.isConnected) return;
      seen.add(banner);
      observer?.unobserve(banner);
      callbacks.onImpression(what.offerId, what.slot);
    }, VISIBLE_FOR_MS);
    timers.set(banner, timer);
  };
  const onEntries = (entries: IntersectionObserverEntry[]): void => {
    for (const entry of entries) {
      // Some engines report an element that just appeared as intersecting below the threshold;
      // the ratio is a float, so a banner exactly at the threshold may report 0.4999999.
      const visible = entry.isIntersecting && entry.intersectionRatio >= VISIBLE_SHARE - 1e-6;
      if (visible) {
        seenAfterDelay(entry.target);
      } else {
        cancel(entry.target);
        // A banner taken off the page (dismissed, re-rendered) is not watched any longer.
        if (!entry.target.isConnected) observer?.unobserve(entry.target);
      }
    }
  };

  return {
    watch(banner, offerId, slot) {
      if (stopped || seen.has(banner)) return;
      if (typeof IntersectionObserver !== 'function') {
        if (!toldUnsupported) {
          toldUnsupported = true;
          const message = 'no IntersectionObserver here: banners render, impressions are not counted';
          callbacks.onUnsupported(new VitrineError('render_failed', message));
        }
        return;
      }
      observer ??= new IntersectionObserver(onEntries, { threshold: VISIBLE_SHARE });
      watched.set(banner, { offerId, slot });
      observer.observe(banner);
    },
    stop() {
      stopped = true;
      observer?.disconnect();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
