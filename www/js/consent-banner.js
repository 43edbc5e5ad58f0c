// Asks once whether to personalize this shop. The choice is the shop's (kept by
// personalization.js) and can be changed any time in the shopper panel.
import { h } from './dom.js';
import { consentChosen, setConsent } from './personalization.js';

export function consentBanner(main) {
  if (consentChosen()) return;
  const choose = (value) => {
    setConsent({ personalization: value, measurement: value });
    // One decision per page load: reload so this page is decided with the new choice.
    location.reload();
  };
  main.prepend(h('section', { class: 'consent-banner', testid: 'consent-banner', 'aria-labelledby': 'consent-h' },
    h('div', {},
      h('h2', { id: 'consent-h' }, 'Personalize this shop on this device?'),
      h('p', {}, 'We can suggest things based on what you browse here. It is worked out in your browser and never sent to us. ',
        h('a', { href: '/privacy' }, 'How it works'))),
    h('div', { class: 'consent-actions' },
      h('button', { class: 'btn btn-primary', type: 'button', testid: 'consent-accept', onclick: () => choose('granted') }, 'Yes, personalize'),
      h('button', { class: 'btn', type: 'button', testid: 'consent-decline', onclick: () => choose('denied') }, 'No thanks'))));
}
