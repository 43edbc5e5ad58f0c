// Shared pieces of the panel's sections.
import { h } from '../dom.js';
import { available, state } from '../personalization.js';

/** A collapsible panel section; `body` is refilled by the section's update(). */
export function section(name, title) {
  const body = h('div', { class: 'panel-body' });
  const el = h('details', { class: 'panel-section', open: true, testid: `panel-section-${name}` },
    h('summary', {}, title), body);
  return { el, body };
}

/** Why a section has nothing to show, or null when the SDK method can be called. */
export function unavailableReason(method) {
  if (state.status === 'loading') return 'Waiting for the SDK…';
  if (state.status === 'failed') return 'Nothing to show: the SDK is not running (see above).';
  return available(method) ? null : `Not available in this build (no ${method}()).`;
}

export const note = (text, testid) => h('p', { class: 'muted', testid }, text);

export const percent = (share) => `${Math.round((Number(share) || 0) * 100)} %`;

export function json(value) {
  try {
    return JSON.stringify(value, (_, v) => (v instanceof Map ? Object.fromEntries(v) : typeof v === 'bigint' ? String(v) : v), 2);
  } catch {
    return String(value);
  }
}
