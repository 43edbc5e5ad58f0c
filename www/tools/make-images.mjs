// Draws the demo shop's illustrations as small flat SVGs, with no dependencies:
//   node www/tools/make-images.mjs
// writes www/img/products/<product id>.svg (400×400, one per product in www/data/products.json)
// and www/img/offers/<name>.svg (every image www/catalog.json references, at the size it asks for),
// listed in www/img/offers/index.json (the service worker caches them for offline use: the
// browser reads the compiled catalog.bin, not catalog.json).
// The output is committed; run this again after adding a product or an offer image.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const C = {
  cream: '#f6efe4', paper: '#fbf7f0', sand: '#ead9bf', espresso: '#3b2a20', coffee: '#6f4e37',
  caramel: '#c8894b', terracotta: '#c4633f', rust: '#9c4a2f', sage: '#8fa67a', matcha: '#7f9c3c',
  leaf: '#4f6b3a', cocoa: '#4a2c22', milk: '#8a5a44', rose: '#e2b3a3', butter: '#ecc977',
  steel: '#b7bec2', iron: '#5d666b', navy: '#2f4858', teal: '#3f7f7a', white: '#ffffff', berry: '#8e3b46',
};

// Each drawing fits a 400×400 box centred on (200, 200); `p` holds its colours.
const shadow = (w = 150) => `<ellipse cx="200" cy="336" rx="${w}" ry="14" fill="#000" opacity=".08"/>`;
const bean = (x, y, r = 1, fill = C.coffee) =>
  `<g transform="translate(${x} ${y}) rotate(${r * 30})"><ellipse rx="13" ry="9" fill="${fill}"/><path d="M-11 0q6-4 11 0t11 0" stroke="${C.espresso}" stroke-width="2" fill="none"/></g>`;
const leaf = (x, y, r = 0, fill = C.leaf) =>
  `<path transform="translate(${x} ${y}) rotate(${r})" d="M0 0q14-22 34 0q-20 22-34 0z" fill="${fill}"/>`;

const draw = {
  bag: (p) => `${shadow(110)}<path d="M118 110h164l16 226H102z" fill="${p.a}"/><path d="M118 110l14-38h136l14 38z" fill="${p.b}"/><path d="M132 72h136v10H132z" fill="${C.espresso}" opacity=".25"/><rect x="140" y="170" width="120" height="112" rx="10" fill="${C.paper}"/>${bean(200, 212, 1)}<rect x="160" y="244" width="80" height="8" rx="4" fill="${p.b}"/><rect x="172" y="260" width="56" height="6" rx="3" fill="${C.sand}"/>`,
  tin: (p) => `${shadow(90)}<rect x="130" y="120" width="140" height="214" rx="14" fill="${p.a}"/><rect x="124" y="96" width="152" height="44" rx="10" fill="${p.b}"/><rect x="130" y="190" width="140" height="80" fill="${C.paper}"/>${leaf(176, 230, -20, p.b)}${leaf(200, 228, -160, p.a)}`,
  box: (p) => `${shadow(140)}<rect x="80" y="160" width="240" height="172" rx="10" fill="${p.a}"/><rect x="70" y="130" width="260" height="48" rx="8" fill="${p.b}"/><rect x="186" y="130" width="28" height="202" fill="${C.butter}"/><path d="M200 130c-40-50-80-20-50 0zM200 130c40-50 80-20 50 0z" fill="${C.butter}"/>`,
  bar: (p) => `${shadow(140)}<g transform="rotate(-12 200 220)"><rect x="80" y="150" width="240" height="140" rx="8" fill="${p.a}"/>${[0, 1, 2, 3].map((i) => [0, 1].map((j) => `<rect x="${92 + i * 58}" y="${162 + j * 64}" width="48" height="52" rx="5" fill="${C.white}" opacity=".12"/>`).join('')).join('')}<path d="M196 140h136v160H196z" fill="${p.b}"/><rect x="232" y="200" width="64" height="40" rx="6" fill="${C.paper}"/></g>`,
  sack: (p) => `${shadow(110)}<path d="M120 120q80-30 160 0l20 214H100z" fill="${p.a}"/><path d="M120 120q80 20 160 0" stroke="${p.b}" stroke-width="10" fill="none"/><circle cx="200" cy="230" r="48" fill="${C.paper}"/><path d="M200 262v-70" stroke="${p.b}" stroke-width="5"/>${[0, 1, 2].map((i) => `<ellipse cx="190" cy="${206 + i * 16}" rx="9" ry="5" transform="rotate(-35 190 ${206 + i * 16})" fill="${p.b}"/><ellipse cx="210" cy="${206 + i * 16}" rx="9" ry="5" transform="rotate(35 210 ${206 + i * 16})" fill="${p.b}"/>`).join('')}`,
  jar: (p) => `${shadow(90)}<rect x="128" y="130" width="144" height="204" rx="26" fill="${C.white}" opacity=".7"/><rect x="136" y="190" width="128" height="136" rx="20" fill="${p.a}"/><rect x="122" y="100" width="156" height="40" rx="8" fill="${p.b}"/>${[[170, 230], [220, 260], [190, 290], [236, 214]].map(([x, y]) => `<circle cx="${x}" cy="${y}" r="7" fill="${C.paper}" opacity=".8"/>`).join('')}`,
  kettle: (p) => `${shadow(130)}<path d="M120 330q-20-150 80-170q100 20 80 170z" fill="${p.a}"/><path d="M270 240l60-50-10 40-40 40z" fill="${p.a}"/><path d="M150 160q50-80 100 0" stroke="${p.b}" stroke-width="16" fill="none"/><rect x="186" y="140" width="28" height="14" rx="6" fill="${p.b}"/><rect x="120" y="300" width="160" height="30" rx="8" fill="${p.b}"/>`,
  gooseneck: (p) => `${shadow(120)}<path d="M130 330v-120q0-40 70-40t70 40v120z" fill="${p.a}"/><path d="M145 300q-40-20-50-80q-6-40-30-46" stroke="${p.a}" stroke-width="12" fill="none" stroke-linecap="round"/><path d="M270 200q50 0 50 50t-50 50" stroke="${p.b}" stroke-width="14" fill="none"/><rect x="180" y="150" width="40" height="20" rx="8" fill="${p.b}"/><circle cx="200" cy="260" r="16" fill="${C.paper}"/>`,
  press: (p) => `${shadow(110)}<rect x="140" y="120" width="120" height="210" rx="10" fill="${p.a}" opacity=".9"/><rect x="148" y="190" width="104" height="132" rx="6" fill="${C.coffee}"/><rect x="132" y="104" width="136" height="22" rx="6" fill="${p.b}"/><rect x="194" y="70" width="12" height="40" fill="${p.b}"/><circle cx="200" cy="66" r="12" fill="${p.b}"/><path d="M260 150h30q16 0 16 16v80q0 16-16 16h-30" stroke="${p.b}" stroke-width="14" fill="none"/>`,
  grinder: (p) => `${shadow(100)}<rect x="140" y="180" width="120" height="150" rx="12" fill="${p.a}"/><path d="M150 180l20-60h60l20 60z" fill="${C.white}" opacity=".6"/>${bean(188, 156, 1)}${bean(214, 164, 2)}<rect x="160" y="110" width="80" height="14" rx="4" fill="${p.b}"/><circle cx="200" cy="248" r="26" fill="${p.b}"/><circle cx="200" cy="248" r="8" fill="${C.paper}"/><rect x="140" y="312" width="120" height="18" rx="6" fill="${p.b}"/>`,
  frother: (p) => `${shadow(80)}<rect x="184" y="60" width="32" height="130" rx="14" fill="${p.a}"/><circle cx="200" cy="110" r="7" fill="${C.paper}"/><rect x="197" y="186" width="6" height="90" fill="${C.steel}"/><path d="M140 220h120l-10 112h-100z" fill="${C.white}" opacity=".75"/><path d="M144 250h112l-7 82h-98z" fill="${C.paper}"/><circle cx="200" cy="280" r="14" fill="none" stroke="${C.iron}" stroke-width="4"/>${[[170, 246], [230, 250], [200, 240]].map(([x, y]) => `<circle cx="${x}" cy="${y}" r="12" fill="${C.white}"/>`).join('')}`,
  scale: (p) => `${shadow(150)}<rect x="70" y="250" width="260" height="70" rx="14" fill="${p.a}"/><rect x="80" y="232" width="240" height="24" rx="8" fill="${p.b}"/><rect x="110" y="270" width="120" height="34" rx="6" fill="${C.espresso}"/><text x="170" y="296" font-family="ui-monospace,monospace" font-size="22" fill="${C.butter}" text-anchor="middle">18.0</text><circle cx="270" cy="287" r="12" fill="${C.paper}"/>`,
  infuser: (p) => `${shadow(110)}<path d="M110 190h180v100q0 40-40 40h-100q-40 0-40-40z" fill="${p.a}"/><path d="M290 210q40 0 40 34t-40 34" stroke="${p.a}" stroke-width="14" fill="none"/><rect x="96" y="178" width="208" height="16" rx="8" fill="${p.b}"/><path d="M150 186q50 120 100 0" fill="${C.steel}"/><path d="M150 186q50 120 100 0" fill="none" stroke="${C.iron}" stroke-width="3" stroke-dasharray="3 5"/>`,
  mug: (p) => `${shadow(100)}<rect x="136" y="120" width="128" height="212" rx="22" fill="${p.a}"/><rect x="128" y="100" width="144" height="34" rx="10" fill="${p.b}"/><rect x="136" y="200" width="128" height="40" fill="${C.paper}" opacity=".8"/>${bean(200, 220, 1)}`,
  cup: (p) => `${shadow(140)}<ellipse cx="200" cy="320" rx="130" ry="22" fill="${p.b}"/><path d="M120 190h160v70q0 60-80 60t-80-60z" fill="${p.a}"/><path d="M280 210q44 0 44 30t-44 30" stroke="${p.a}" stroke-width="14" fill="none"/><ellipse cx="200" cy="190" rx="80" ry="14" fill="${C.coffee}"/><ellipse cx="200" cy="190" rx="56" ry="8" fill="${C.caramel}"/><path d="M180 160q-14-24 0-48M220 160q-14-24 0-48" stroke="${C.sand}" stroke-width="6" fill="none" stroke-linecap="round"/>`,
  dripper: (p) => `${shadow(120)}<path d="M140 320h120l-12-60h-96z" fill="${C.white}" opacity=".6"/><path d="M150 320h100l-8-40h-84z" fill="${C.coffee}"/><path d="M110 140h180l-60 110h-60z" fill="${p.a}"/><rect x="150" y="250" width="100" height="12" rx="4" fill="${p.b}"/><path d="M140 150l30 90M200 150v90M260 150l-30 90" stroke="${p.b}" stroke-width="4" opacity=".5"/>`,
  filters: (p) => `${shadow(130)}${[0, 1, 2].map((i) => `<path d="M${90 + i * 20} ${150 + i * 22}h${200}l-60 ${120}h-80z" fill="${i === 2 ? C.paper : p.a}" stroke="${p.b}" stroke-width="3"/>`).join('')}`,
  whisk: (p) => `${shadow(100)}<rect x="188" y="70" width="24" height="120" rx="10" fill="${p.b}"/>${Array.from({ length: 9 }, (_, i) => `<path d="M200 190q${(i - 4) * 18} 60 ${(i - 4) * 8} 140" stroke="${p.a}" stroke-width="5" fill="none"/>`).join('')}<ellipse cx="200" cy="330" rx="50" ry="8" fill="${p.a}"/>`,
  tamper: (p) => `${shadow(110)}<path d="M170 80q30-20 60 0l-6 140h-48z" fill="${p.b}"/><rect x="176" y="214" width="48" height="30" fill="${C.iron}"/><rect x="110" y="244" width="180" height="80" rx="10" fill="${p.a}"/><rect x="110" y="244" width="180" height="16" fill="${C.white}" opacity=".3"/>`,
  calendar: (p) => `${shadow(150)}<rect x="70" y="90" width="260" height="240" rx="12" fill="${p.a}"/>${Array.from({ length: 16 }, (_, i) => `<rect x="${88 + (i % 4) * 60}" y="${108 + Math.floor(i / 4) * 54}" width="46" height="40" rx="6" fill="${i % 5 === 2 ? C.butter : C.paper}" opacity="${i % 3 ? 1 : 0.85}"/>`).join('')}<path d="M200 60l14 26h-28z" fill="${C.butter}"/>`,
  loaf: (p) => `${shadow(150)}<rect x="60" y="300" width="280" height="26" rx="8" fill="${C.caramel}"/><path d="M80 300q0-130 120-130t120 130z" fill="${p.a}"/><path d="M140 210q30 30 20 70M200 190q20 40 10 90M260 210q-10 40 0 70" stroke="${p.b}" stroke-width="8" fill="none" stroke-linecap="round"/>`,
  banneton: (p) => `${shadow(140)}<ellipse cx="200" cy="250" rx="140" ry="80" fill="${p.a}"/>${[120, 96, 72, 48].map((r) => `<ellipse cx="200" cy="246" rx="${r}" ry="${r * 0.55}" fill="none" stroke="${p.b}" stroke-width="6"/>`).join('')}`,
  biscotti: (p) => `${shadow(140)}${[0, 1, 2].map((i) => `<g transform="rotate(${-18 + i * 14} 200 240)"><path d="M90 ${230 + i * 20}q110-50 220 0v24q-110-40-220 0z" fill="${p.a}"/>${[130, 190, 250].map((x) => `<ellipse cx="${x}" cy="${236 + i * 20}" rx="8" ry="5" fill="${p.b}"/>`).join('')}</g>`).join('')}`,
  truffles: (p) => `${shadow(150)}<rect x="70" y="150" width="260" height="170" rx="12" fill="${p.b}"/>${Array.from({ length: 6 }, (_, i) => `<circle cx="${120 + (i % 3) * 80}" cy="${200 + Math.floor(i / 3) * 72}" r="30" fill="${p.a}"/><circle cx="${112 + (i % 3) * 80}" cy="${190 + Math.floor(i / 3) * 72}" r="6" fill="${C.white}" opacity=".25"/>`).join('')}`,
  pan: (p) => `${shadow(150)}<path d="M90 220h170v70q0 40-40 40h-90q-40 0-40-40z" fill="${p.a}"/><rect x="80" y="208" width="190" height="20" rx="8" fill="${p.b}"/><path d="M262 226l90-30" stroke="${C.espresso}" stroke-width="16" stroke-linecap="round"/><path d="M84 218l-16 -6" stroke="${p.b}" stroke-width="10" stroke-linecap="round"/>`,
  scraper: (p) => `${shadow(130)}<g transform="rotate(-10 200 230)"><rect x="90" y="200" width="220" height="110" rx="6" fill="${C.steel}"/><rect x="90" y="160" width="220" height="52" rx="14" fill="${p.a}"/></g>`,
  pouch: (p) => `${shadow(110)}<path d="M120 130h160q10 100 0 200h-160q-10-100 0-200z" fill="${p.a}"/><rect x="120" y="118" width="160" height="20" rx="4" fill="${p.b}"/><circle cx="200" cy="240" r="46" fill="${C.paper}"/><path d="M176 228h48v18q0 22-24 22t-24-22z" fill="${p.b}"/><path d="M224 234q12 0 12 8t-12 8" stroke="${p.b}" stroke-width="5" fill="none"/>`,
  bowl: (p) => `${shadow(140)}<path d="M90 200h220q0 120-110 120t-110-120z" fill="${p.b}"/><ellipse cx="200" cy="200" rx="110" ry="20" fill="${p.a}"/><ellipse cx="200" cy="200" rx="80" ry="12" fill="${C.white}" opacity=".25"/>`,
  teapot: (p) => `${shadow(140)}<ellipse cx="200" cy="250" rx="100" ry="80" fill="${p.a}"/><path d="M110 230q-50-20-60-60" stroke="${p.a}" stroke-width="16" fill="none" stroke-linecap="round"/><path d="M296 210q50 0 40 50t-50 40" stroke="${p.b}" stroke-width="14" fill="none"/><ellipse cx="200" cy="172" rx="56" ry="14" fill="${p.b}"/><circle cx="200" cy="154" r="12" fill="${p.b}"/><rect x="110" y="244" width="180" height="14" fill="${C.paper}" opacity=".6"/>`,
  croissant: (p) => `${shadow(140)}<path d="M80 270q40-110 120-110t120 110q-40-20-60-10q-20-40-60-40t-60 40q-20-10-60 10z" fill="${p.a}"/><path d="M150 200q10 40 0 70M200 180v80M250 200q-10 40 0 70" stroke="${p.b}" stroke-width="6" fill="none" stroke-linecap="round"/>`,
  parcel: (p) => `${shadow(140)}<path d="M80 160l120-50 120 50v150l-120 30-120-30z" fill="${p.a}"/><path d="M80 160l120 40 120-40M200 200v140" stroke="${p.b}" stroke-width="6" fill="none"/><path d="M110 148l120 46" stroke="${C.butter}" stroke-width="14"/><g transform="translate(100 200) scale(.4)"><path d="M120 190h160v70q0 60-80 60t-80-60z" fill="${C.paper}"/></g>`,
  card: (p) => `${shadow(120)}<g transform="rotate(-8 200 220)"><rect x="100" y="110" width="200" height="230" rx="14" fill="${C.paper}"/>${[0, 1, 2, 3].map((i) => `<circle cx="136" cy="${160 + i * 44}" r="12" fill="${[C.caramel, C.berry, C.sage, C.coffee][i]}"/><rect x="160" y="${154 + i * 44}" width="${100 - i * 12}" height="12" rx="6" fill="${p.a}" opacity=".6"/>`).join('')}</g><circle cx="280" cy="300" r="34" fill="${p.b}"/><text x="280" y="314" font-family="system-ui,sans-serif" font-size="40" font-weight="700" fill="${C.paper}" text-anchor="middle">?</text>`,
  moon: (p) => `<circle cx="200" cy="200" r="90" fill="${p.a}"/><circle cx="240" cy="170" r="80" fill="${p.b}"/>${[[110, 120], [300, 290], [320, 100]].map(([x, y]) => `<circle cx="${x}" cy="${y}" r="5" fill="${p.a}"/>`).join('')}`,
  thermometer: (p) => `${shadow(60)}<rect x="184" y="70" width="32" height="210" rx="16" fill="${C.paper}"/><rect x="194" y="150" width="12" height="140" fill="${p.a}"/><circle cx="200" cy="300" r="30" fill="${p.a}"/>${[100, 130, 160, 190, 220].map((y) => `<rect x="220" y="${y}" width="20" height="4" fill="${p.b}"/>`).join('')}`,
  shelf: (p) => `<rect x="40" y="300" width="320" height="16" rx="4" fill="${p.b}"/>${[[60, C.coffee, 'bag'], [150, C.sage, 'tin'], [240, C.terracotta, 'bag']].map(([x, col, k]) => `<g transform="translate(${x} 100) scale(.5)">${draw[k]({ a: col, b: C.espresso }).replace(/<ellipse cx="200" cy="336"[^>]*>/, '')}</g>`).join('')}`,
  beans: (p) => `${shadow(150)}${Array.from({ length: 14 }, (_, i) => bean(90 + ((i * 73) % 220), 250 + ((i * 37) % 80), i, i % 3 ? p.a : p.b)).join('')}`,
  barista: (p) => `${shadow(130)}<circle cx="200" cy="120" r="40" fill="${C.rose}"/><path d="M160 110q40-50 80 0" fill="${C.espresso}"/><path d="M120 330q0-150 80-150t80 150z" fill="${p.a}"/><rect x="160" y="210" width="80" height="120" fill="${p.b}"/><rect x="270" y="210" width="30" height="36" rx="4" fill="${C.paper}"/><rect x="100" y="250" width="30" height="36" rx="4" fill="${C.paper}"/>`,
};

// What each product looks like: [drawing, main colour, second colour].
const looks = {
  coffee: ['bag', C.coffee, C.espresso], tea: ['tin', C.sage, C.leaf], bakery: ['sack', C.sand, C.caramel],
  chocolate: ['bar', C.cocoa, C.terracotta], kitchen: ['kettle', C.teal, C.espresso], accessories: ['mug', C.navy, C.caramel],
};
const productLooks = {
  'northbean-espresso-1kg': ['bag', C.espresso, C.caramel], 'northbean-espresso-250g': ['bag', C.rust, C.espresso],
  'northbean-ethiopia-guji': ['bag', C.butter, C.terracotta], 'northbean-kenya-nyeri': ['bag', C.berry, C.espresso],
  'northbean-colombia-huila': ['bag', C.terracotta, C.espresso], 'mill-lane-house-filter': ['bag', C.navy, C.caramel],
  'mill-lane-swiss-water-decaf': ['bag', C.teal, C.navy], 'mill-lane-decaf-espresso': ['bag', C.iron, C.espresso],
  'advent-calendar-2026': ['calendar', C.berry], 'matcha-starter-set': ['box', C.matcha, C.leaf],
  'leafhouse-ceremonial-matcha': ['tin', C.matcha, C.leaf], 'leafhouse-earl-grey': ['tin', C.navy, C.butter],
  'leafhouse-sencha': ['tin', C.sage, C.leaf], 'leafhouse-assam-breakfast': ['tin', C.rust, C.espresso],
  'leafhouse-rooibos-vanilla': ['tin', C.terracotta, C.butter], 'leafhouse-chamomile': ['tin', C.butter, C.sage],
  'sourdough-starter-kit': ['jar', C.sand, C.coffee], 'crumb-rye-flour': ['sack', C.sand, C.coffee],
  'crumb-croissant-flour': ['sack', C.paper, C.caramel], 'crumb-banneton': ['banneton', C.caramel, C.coffee],
  'crumb-almond-biscotti': ['biscotti', C.butter, C.caramel], 'crumb-cinnamon-bun-mix': ['pouch', C.caramel, C.rust],
  'cocoa-atelier-70': ['bar', C.cocoa, C.terracotta], 'cocoa-atelier-85': ['bar', C.espresso, C.navy],
  'cocoa-atelier-milk-hazelnut': ['bar', C.milk, C.butter], 'cocoa-atelier-hot-chocolate': ['pouch', C.cocoa, C.rose],
  'cocoa-atelier-truffles': ['truffles', C.cocoa, C.rose], 'cocoa-atelier-espresso-bark': ['bar', C.espresso, C.caramel],
  'brewcraft-scale': ['scale', C.iron, C.espresso], 'aurora-gooseneck-kettle': ['gooseneck', C.espresso, C.caramel],
  'aurora-kettle-17': ['kettle', C.terracotta, C.espresso], 'aurora-french-press': ['press', C.steel, C.espresso],
  'aurora-milk-pan': ['pan', C.paper, C.navy], 'crumb-dough-scraper': ['scraper', C.caramel],
  'brewcraft-burr-grinder': ['grinder', C.iron, C.espresso], 'brewcraft-frother': ['frother', C.espresso],
  'brewcraft-pour-over': ['dripper', C.paper, C.terracotta], 'brewcraft-paper-filters': ['filters', C.sand, C.caramel],
  'brewcraft-tamper': ['tamper', C.steel, C.coffee], 'leafhouse-infuser': ['infuser', C.sage, C.iron],
  'leafhouse-matcha-whisk': ['whisk', C.butter, C.caramel], 'northbean-travel-mug': ['mug', C.navy, C.caramel],
};
const backgrounds = { coffee: '#f3e6d6', tea: '#e9efdf', bakery: '#f6ead2', chocolate: '#f1e0da', kitchen: '#e3ecea', accessories: '#ece7e1' };

// Offer banners: background, accent for the pattern, and the objects (drawing, colours, x, y, scale).
const offers = {
  coffee: ['#efe1cd', C.caramel, [['bag', C.butter, C.terracotta, 0, 0, 1], ['beans', C.coffee, C.espresso, 170, 30, 0.7]]],
  espresso: ['#3b2a20', C.caramel, [['cup', C.paper, C.sand, 0, 0, 1], ['beans', C.caramel, C.coffee, -170, 40, 0.6]]],
  tea: ['#e5ecda', C.sage, [['teapot', C.sage, C.leaf, -70, 0, 0.95], ['cup', C.paper, C.sand, 130, 40, 0.6]]],
  breakfast: ['#f6e7c8', C.caramel, [['croissant', C.caramel, C.rust, -90, 20, 0.9], ['cup', C.paper, C.sand, 120, 30, 0.7]]],
  baking: ['#f1e2c7', C.coffee, [['loaf', C.caramel, C.rust, 0, 0, 1]]],
  'hot-chocolate': ['#4a2c22', C.rose, [['cup', C.rose, C.milk, 0, 0, 1]]],
  delivery: ['#e8dccb', C.coffee, [['parcel', C.caramel, C.coffee, 0, 0, 1]]],
  quiz: ['#efe3d3', C.terracotta, [['card', C.coffee, C.terracotta, 0, 0, 1]]],
  welcome: ['#f4e3d4', C.berry, [['box', C.berry, C.rust, -40, 0, 0.95], ['bag', C.butter, C.terracotta, 150, 30, 0.6]]],
  'new-arrivals': ['#ede4d6', C.sage, [['bag', C.terracotta, C.espresso, -120, 20, 0.75], ['tin', C.sage, C.leaf, 0, 10, 0.8], ['bag', C.navy, C.caramel, 120, 20, 0.75]]],
  matcha: ['#e4ebd2', C.matcha, [['bowl', C.matcha, C.espresso, -60, 10, 0.9], ['whisk', C.butter, C.caramel, 110, 0, 0.7]]],
  decaf: ['#2f4858', C.butter, [['moon', C.butter, '#2f4858', 120, -10, 0.6], ['cup', C.paper, C.sand, -40, 20, 0.85]]],
  grinder: ['#e4e6e3', C.iron, [['grinder', C.iron, C.espresso, 0, 0, 1]]],
  chocolate: ['#e9d6cd', C.cocoa, [['bar', C.cocoa, C.terracotta, 0, 0, 1]]],
  'tea-guide': ['#e5ecda', C.leaf, [['teapot', C.sage, C.leaf, -60, 0, 0.9], ['thermometer', C.terracotta, C.iron, 110, 0, 0.8]]],
  frother: ['#efe6da', C.coffee, [['frother', C.espresso, C.caramel, 0, 0, 1]]],
  infuser: ['#e5ecda', C.sage, [['infuser', C.sage, C.iron, 0, 0, 1]]],
  scale: ['#e3ecea', C.teal, [['scale', C.iron, C.espresso, 0, 0, 1]]],
  advent: ['#7a2f3a', C.butter, [['calendar', C.berry, C.butter, 0, 0, 1]]],
  tasting: ['#f0e2cf', C.caramel, [['barista', C.coffee, C.espresso, 0, 0, 1]]],
  'fresh-roasts': ['#f2e4d0', C.coffee, [['bag', C.espresso, C.caramel, -40, 0, 1], ['beans', C.coffee, C.espresso, 130, 30, 0.7]]],
  bestsellers: ['#ede2d2', C.caramel, [['shelf', C.coffee, C.coffee, 0, 0, 1]]],
  'brew-guide': ['#efe4d4', C.terracotta, [['dripper', C.paper, C.terracotta, 0, 0, 1]]],
  'dark-chocolate': ['#e6d3c8', C.cocoa, [['bar', C.espresso, C.caramel, 0, 0, 1]]],
};

const svg = (w, h, body, extra = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"${extra}>${body}</svg>\n`;

function productSvg(product) {
  const [kind, a, b = C.espresso] = productLooks[product.id] ?? looks[product.category];
  const bg = backgrounds[product.category] ?? C.cream;
  return svg(400, 400, `<rect width="400" height="400" fill="${bg}"/><circle cx="200" cy="210" r="150" fill="${C.white}" opacity=".45"/>${draw[kind]({ a, b })}`);
}

// A deterministic scatter of dots and beans so wide banners are not empty at their edges.
function pattern(w, h, accent) {
  let out = '';
  for (let i = 0; i < Math.round(w / 60); i++) {
    const x = (i * 97 + 31) % w;
    const y = (i * 53 + 17) % h;
    out += i % 3 === 0
      ? `<g opacity=".18">${bean(x, y, i, accent)}</g>`
      : `<circle cx="${x}" cy="${y}" r="${3 + (i % 4)}" fill="${accent}" opacity=".18"/>`;
  }
  return out;
}

function offerSvg([bg, accent, items], w, h) {
  // Objects sit in the middle 600 px band, so a 1200 px wide banner still works cropped to 600.
  const s = h / 400;
  const cx = w / 2;
  const objects = items.map(([kind, a, b, dx, dy, scale]) => {
    const k = scale * s;
    return `<g transform="translate(${cx + dx * s} ${h / 2 + dy * s}) scale(${k}) translate(-200 -200)">${draw[kind]({ a, b })}</g>`;
  }).join('');
  return svg(w, h, `<rect width="${w}" height="${h}" fill="${bg}"/>${pattern(w, h, accent)}<circle cx="${cx}" cy="${h / 2}" r="${170 * s}" fill="${C.white}" opacity=".22"/>${objects}`, ' preserveAspectRatio="xMidYMid slice"');
}

const { products } = JSON.parse(readFileSync(resolve(www, 'data/products.json'), 'utf8'));
mkdirSync(resolve(www, 'img/products'), { recursive: true });
for (const product of products) writeFileSync(resolve(www, `img/products/${product.id}.svg`), productSvg(product));

// The size of each offer image is the largest the catalog asks for.
const catalog = JSON.parse(readFileSync(resolve(www, 'catalog.json'), 'utf8'));
const sizes = new Map();
for (const offer of catalog.campaigns.flatMap((c) => c.offers)) {
  if (!offer.image) continue;
  const name = offer.image.url.match(/^\/img\/offers\/([\w-]+)\.svg$/)?.[1];
  if (!name) throw new Error(`unexpected image url ${offer.image.url}`);
  const seen = sizes.get(name);
  if (!seen || offer.image.width * offer.image.height > seen.width * seen.height) sizes.set(name, offer.image);
}
mkdirSync(resolve(www, 'img/offers'), { recursive: true });
for (const [name, { width, height }] of sizes) {
  if (!offers[name]) throw new Error(`no drawing for offer image ${name}`);
  writeFileSync(resolve(www, `img/offers/${name}.svg`), offerSvg(offers[name], width, height));
}
const offerImages = [...sizes.keys()].sort().map((name) => `/img/offers/${name}.svg`);
writeFileSync(resolve(www, 'img/offers/index.json'), `${JSON.stringify(offerImages, null, 2)}\n`);
console.log(`make-images: ${products.length} product images, ${sizes.size} offer images`);
