// A three-question coffee quiz. The answers travel in the query string of a GET form (a page load)
// and are never reported to Vitrine.
import { h } from '../dom.js';
import { productGrid } from '../ui.js';

const questions = [
  ['brew', 'How do you brew at home?', [['espresso', 'Espresso machine'], ['filter', 'Pour-over or filter machine'], ['press', 'French press'], ['none', 'I don’t, yet']]],
  ['taste', 'Which cup do you like?', [['chocolate', 'Chocolatey and round'], ['fruit', 'Bright and fruity'], ['mild', 'Mild and easy']]],
  ['caffeine', 'Caffeine?', [['yes', 'Yes please'], ['no', 'Decaf, thanks']]],
];

function recommend(shop, a) {
  const ids = [];
  if (a.caffeine === 'no') ids.push(a.brew === 'espresso' ? 'mill-lane-decaf-espresso' : 'mill-lane-swiss-water-decaf');
  else if (a.brew === 'espresso') ids.push(a.taste === 'fruit' ? 'northbean-colombia-huila' : 'northbean-espresso-1kg');
  else if (a.taste === 'fruit') ids.push('northbean-ethiopia-guji', 'northbean-kenya-nyeri');
  else ids.push('mill-lane-house-filter', 'northbean-colombia-huila');
  if (a.brew === 'none') ids.push('brewcraft-pour-over', 'aurora-french-press');
  if (a.brew === 'filter') ids.push('brewcraft-paper-filters');
  if (a.brew === 'espresso') ids.push('brewcraft-tamper');
  return ids.map((id) => shop.productById.get(id)).filter(Boolean);
}

export function render(main, { shop, query }) {
  const answers = Object.fromEntries(questions.map(([name]) => [name, query.get(name)]));
  const done = questions.every(([name]) => answers[name]);
  main.append(
    h('header', { class: 'page-head' }, h('h1', {}, 'Find your coffee'), h('p', { class: 'lead' }, 'Three questions, one good bag of beans.')),
    h('form', { class: 'quiz', action: '/quiz', method: 'get', testid: 'quiz-form' },
      questions.map(([name, legend, options]) => h('fieldset', {}, h('legend', {}, legend),
        options.map(([value, label]) => h('label', { class: 'field-check' },
          h('input', { type: 'radio', name, value, required: true, checked: answers[name] === value }), ' ', label)))),
      h('button', { class: 'btn btn-primary', type: 'submit' }, 'Show my coffee')),
    done && h('section', { class: 'section', 'aria-labelledby': 'quiz-result', testid: 'quiz-result' },
      h('h2', { id: 'quiz-result' }, 'We’d pour you these'),
      productGrid(shop, recommend(shop, answers), 'Quiz recommendations')),
  );
  return { title: 'Coffee quiz', pageType: 'other', context: { pageType: 'other' } };
}
