// Help pages, guides, the in-store page, the welcome offer and how personalization works here.
import { h } from '../dom.js';
import { breadcrumb, productGrid } from '../ui.js';

const articles = {
  'help/aurora-kettle-recall': {
    section: ['Help', '/help/delivery'], title: 'Safety recall: Aurora 1.7 l kettle', alert: true,
    lead: 'A fault in the base of some Aurora 1.7 l kettles can make them overheat. If you bought one between August and October 2026, please stop using it.',
    body: [
      ['How to check your kettle', 'Turn the kettle over. Affected units have a batch code from 2608 to 2610 printed next to the power rating.'],
      ['What we do', 'We replace affected kettles free of charge with the Aurora Gooseneck Kettle, or refund you in full: your choice. We send a prepaid label for the old one.'],
      ['How to get a replacement', 'Write to recall@morningshelf.example with your order number and batch code. You do not need the original packaging.'],
    ],
    products: ['aurora-gooseneck-kettle'],
  },
  'help/delivery': {
    section: ['Help', '/help/delivery'], title: 'Delivery and returns',
    lead: 'Delivery is free from €40 and costs €4.90 below that. Orders placed before 2 pm leave the same working day.',
    body: [
      ['When it arrives', 'Most parcels arrive in one to two working days within the country, three to five across the EU.'],
      ['Fresh coffee', 'We roast on Tuesdays and Fridays; coffee ordered in between ships from the latest roast, never more than four days old.'],
      ['Returns', 'Unopened items can be returned within 30 days. Opened food cannot be returned, but if it is not right, tell us and we will make it right.'],
    ],
  },
  'help/returns': {
    section: ['Help', '/help/delivery'], title: 'We will make it right',
    lead: 'If something was not right with your order, return it free of charge, opened or not, within 30 days.',
    body: [
      ['Free returns', 'Write to care@morningshelf.example with your order number: we send a prepaid label and refund you when it arrives.'],
      ['Talk to a roaster', 'Leave your number in the same email and one of our roasters calls you back within a working day.'],
    ],
  },
  'help/refer-a-friend': {
    section: ['Help', '/help/delivery'], title: 'Give €10, get €10',
    lead: 'Share your code with a friend: they get €10 off their first order of €40 or more, and you get €10 off your next one. (This is a demo shop: the offer is for show.)',
    body: [['Your code', 'Your code is FRIEND10. Each friend can use it once.']],
    products: ['northbean-espresso-1kg', 'leafhouse-earl-grey'],
  },
  'guides/kettle-care': {
    section: ['Guides', '/guides/brewing'], title: 'Caring for your gooseneck kettle',
    lead: 'Limescale makes a kettle slower and its thermometer less exact. A minute a month keeps it like new.',
    body: [
      ['Descale monthly', 'Fill to the 0.5 l mark, add a tablespoon of citric acid, heat to 80 °C and leave it for twenty minutes. Rinse twice.'],
      ['Keep the spout clear', 'Run a cup of clean boiling water through the spout after descaling, so no taste is left behind.'],
      ['The base', 'Wipe the base dry; never put it in water or the dishwasher.'],
    ],
    products: ['aurora-gooseneck-kettle'],
  },
  'guides/tea': {
    section: ['Guides', '/guides/brewing'], title: 'Tea temperatures, simply',
    lead: 'Boiling water is right for black tea and wrong for green. A rough guide: green at 75 °C, oolong at 85 °C, black and herbal at 95 °C.',
    body: [
      ['Green tea and matcha', '75 to 80 °C, two minutes for sencha. Whisk matcha with 70 ml of water at 75 °C until it foams.'],
      ['Black tea', '95 °C, three to four minutes. Assam takes milk; Earl Grey is better without.'],
      ['Herbal', 'Just off the boil, five minutes or longer: rooibos and chamomile do not turn bitter.'],
    ],
    products: ['leafhouse-sencha', 'leafhouse-infuser', 'aurora-gooseneck-kettle', 'matcha-starter-set'],
  },
  'guides/brewing': {
    section: ['Guides', '/guides/brewing'], title: 'Brew it right',
    lead: 'Good coffee at home is mostly three numbers: the ratio, the grind and the water temperature.',
    body: [
      ['Ratio', 'Start with 60 g of coffee per litre of water (15 g for a 250 ml cup), then adjust to taste.'],
      ['Grind', 'Fine like salt for espresso, medium like sand for pour-over, coarse like breadcrumbs for French press. Grind just before brewing.'],
      ['Water', '92 to 96 °C: let a boiled kettle rest for thirty seconds. Filtered water makes a clearer cup.'],
    ],
    products: ['brewcraft-burr-grinder', 'brewcraft-scale', 'brewcraft-pour-over', 'aurora-french-press'],
  },
  welcome: {
    title: 'Welcome to Morning Shelf',
    lead: 'Take 10 % off your first order with the code HELLO10 at checkout. (This is a demo shop: the code is for show.)',
    body: [['Where to start', 'Our bestsellers are a good first order: a bag of the espresso blend, an Earl Grey and a bar of dark chocolate.']],
    products: ['northbean-espresso-1kg', 'leafhouse-earl-grey', 'cocoa-atelier-70'],
  },
  'store/tasting': {
    section: ['Our store', '/store/tasting'], title: 'Free tasting at the coffee aisle',
    lead: 'Every day from 10 am to 4 pm our baristas pour two coffees side by side at the coffee aisle of our store.',
    body: [['Pouring today', 'Ethiopia Guji as pour-over, and the Northbean espresso blend as a flat white.']],
    products: ['northbean-ethiopia-guji', 'northbean-espresso-1kg'],
  },
  privacy: {
    title: 'How personalization works in this shop',
    lead: 'Banners in this shop are chosen by Vitrine, a small engine that runs inside your browser. It learns from what you browse here, and keeps what it learns on this device.',
    body: [
      ['What it uses', 'The pages, categories and products you view, your searches, your cart and your orders in this shop, summarised as interests that fade over time.'],
      ['What leaves your browser', 'Nothing personal. Vitrine downloads the shop's signed campaign catalog; every decision is made locally. The shopper panel lists every request this page made, so you can check.'],
      ['Your choices', 'Turn personalization or measurement off in the shopper panel at any time, export everything Vitrine stored, or forget it all.'],
    ],
  },
};

export function render(main, { shop, params }) {
  const article = articles[params.article];
  if (!article) return null;
  const products = (article.products ?? []).map((id) => shop.productById.get(id)).filter(Boolean);
  main.append(
    breadcrumb([['Home', '/'], ...(article.section ? [article.section] : []), [article.title]]),
    h('article', { class: 'article', testid: 'article' },
      h('h1', {}, article.title),
      h('p', { class: `lead${article.alert ? ' notice notice-alert' : ''}` }, article.lead),
      article.body.map(([heading, text]) => [h('h2', {}, heading), h('p', {}, text)])),
    products.length > 0 && h('section', { class: 'section', 'aria-labelledby': 'art-p' },
      h('h2', { id: 'art-p' }, 'Mentioned here'), productGrid(shop, products, 'Mentioned products')),
  );
  return { title: article.title, pageType: 'other', context: { pageType: 'other' } };
}
