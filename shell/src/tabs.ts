/**
 * Tells the shop's other open tabs, at once, that this tab erased the shopper's data or changed
 * consent, so they drop what they hold in memory too (BroadcastChannel; where it is missing,
 * other tabs learn it at their next load, from storage).
 */

import { CONSENT_STATES, type ConsentState } from './options.js';

/** What one tab tells the others. */
export type TabMessage =
  | { readonly kind: 'forget'; readonly at: number; readonly deviceId: string }
  | { readonly kind: 'consent'; readonly personalization: ConsentState; readonly measurement: ConsentState };

/** The channel of one database's tabs. */
export interface Tabs {
  post(message: TabMessage): void;
  close(): void;
}

/** Joins the channel named after `database`; `onMessage` receives the other tabs' messages. */
export function joinTabs(database: string, onMessage: (message: TabMessage) => void): Tabs {
  if (typeof BroadcastChannel !== 'function') return { post() {}, close() {} };
  const channel = new BroadcastChannel(`vitrine:${database}`);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const message = readMessage(event.data);
    if (message !== undefined) onMessage(message);
  };
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}

/** A well-formed message from another tab, or `undefined` (anything else is ignored). */
function readMessage(data: unknown): TabMessage | undefined {
  const m = data as Record<string, unknown> | null;
  if (m?.['kind'] === 'forget' && typeof m['at'] === 'number' && typeof m['deviceId'] === 'string') {
    return { kind: 'forget', at: m['at'], deviceId: m['deviceId'] };
  }
  const states: readonly unknown[] = CONSENT_STATES;
  if (m?.['kind'] === 'consent' && states.includes(m['personalization']) && states.includes(m['measurement'])) {
    return { kind: 'consent', personalization: m['personalization'] as ConsentState, measurement: m['measurement'] as ConsentState };
  }
  return undefined;
}
