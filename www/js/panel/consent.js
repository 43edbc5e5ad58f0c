// Consent: the two purposes the shopper can switch on and off.
import { h, fill } from '../dom.js';
import { available, consentChoice, setConsent, state } from '../personalization.js';
import { section } from './section.js';

const PURPOSES = [
  ['personalization', 'Personalization', 'Choose banners from what I browse here.'],
  ['measurement', 'Measurement', 'Count views and clicks of banners, on this device, to learn what works.'],
];

export function create() {
  const { el, body } = section('consent', 'Consent');
  const text = h('p', { testid: 'consent-state', role: 'status' });
  const boxes = PURPOSES.map(([purpose, label, hint]) => {
    const input = h('input', {
      type: 'checkbox', id: `consent-${purpose}`, testid: `consent-${purpose}`, role: 'switch',
      onchange: (e) => setConsent({ [purpose]: e.target.checked ? 'granted' : 'denied' }),
    });
    return [purpose, input, h('p', { class: 'switch' }, input, h('label', { for: input.id }, h('strong', {}, label), h('span', { class: 'muted' }, hint)))];
  });
  const missing = h('p', { class: 'muted' });
  fill(body, boxes.map(([, , row]) => row), text, missing);
  return {
    el,
    update() {
      const choice = consentChoice();
      for (const [purpose, input] of boxes) input.checked = choice[purpose] === 'granted';
      text.textContent = `Personalization: ${choice.personalization} · Measurement: ${choice.measurement}`;
      missing.textContent = state.status === 'ready' && !available('consent')
        ? 'Not available in this build (no consent()): the choice is saved and applies from the next page load.'
        : '';
    },
  };
}
