// Compile-time checks of the package's declarations (pkg/types/, generated from shell/src/), as
// a shop's TypeScript code would use them (`make lint` runs `tsc --noEmit --strict` on this
// file against the declarations `scripts/build` writes). Lines marked @ts-expect-error must
// stay errors.
import { Vitrine, VitrineError, type Decision, type ProductShown, type Survey, type VitrineEvent } from 'vitrine';
import { beacons, type BeaconZoneState } from 'vitrine/beacons';
import { measurement } from 'vitrine/measurement';
import { acceptReport, collector, type ReportRow } from 'vitrine/collector';

export async function shop(): Promise<void> {
  const vitrine = await Vitrine.init({
    catalogUrl: '/catalog.bin',
    publicKeys: ['ed25519:6wKPxZE9eS0jRdvjV5eMxAf5BokHeqAvdvphp1HNl0A='],
    consent: { personalization: 'granted', measurement: 'denied' },
    onError: (error: VitrineError) => console.warn(error.code, error.message),
  });
  vitrine.track({ type: 'product_view', product: { id: 'sku-1', category: 'coffee' } });
  vitrine.track({ type: 'add_to_cart', product: { id: 'sku-1' }, quantity: 2 });
  vitrine.track({ type: 'remove_from_cart', productId: 'sku-1' });
  vitrine.track({ type: 'click', offer: 'o', slot: 'home-hero', at: Date.now() });
  // Offer templates show a product by its name, page and picture (kept on the device).
  vitrine.track({ type: 'product_view', product: { id: 'k', name: 'Kettle', url: '/p/k', image: '/i/k.png' } });
  vitrine.track({ type: 'product_details', product: { id: 'k', name: 'Kettle', url: '/p/k' } });

  // @ts-expect-error: a product view needs its product
  vitrine.track({ type: 'product_view' });
  // @ts-expect-error: remove_from_cart takes productId, not product
  vitrine.track({ type: 'remove_from_cart', product: { id: 'x' } });
  // @ts-expect-error: unknown event type
  vitrine.track({ type: 'teleport' });
  // @ts-expect-error: the catalog option takes compiled bytes (compileCatalog), not JSON text
  await Vitrine.init({ catalog: '{"schema":1}' });
  // @ts-expect-error: consent states are a closed set
  await vitrine.consent({ personalization: 'yes' });
  // @ts-expect-error: detail is 'pick' or 'full'
  vitrine.decide('home-hero', {}, { detail: 'everything' });

  const decision: Decision = vitrine.decide('home-hero', { pageType: 'home', device: 'mobile' });
  if (decision.offer) {
    const title: string = decision.offer.creative.title;
    const reason: string = decision.explanation.summary;
    console.log(title, reason, decision.mode === 'holdout');
    const product: ProductShown | undefined = decision.offer.product;
    if (product?.because === 'goes_with') console.log(product.name, product.url, product.with);
    const survey: Survey | undefined = decision.offer.creative.survey;
    if (survey) vitrine.track({ type: 'survey_answer', survey: survey.id, scale: survey.scale, score: 9 });
  }
  // @ts-expect-error: scales are a closed set
  vitrine.track({ type: 'survey_answer', survey: 'nps', scale: 'stars', score: 4 });
  const answered: number | undefined = vitrine.profile().surveys[0]?.score;
  console.log(answered);
  const full = vitrine.decide('home-hero', {}, { detail: 'full' });
  full.explanation.removed.forEach(({ offer, reason }) => console.log(offer, reason));
  const events: VitrineEvent[] = [{ type: 'search', query: 'decaf' }];
  events.forEach((e) => vitrine.track(e));
  const top: string | undefined = vitrine.profile().affinities.category[0]?.key;
  const described: string | undefined = vitrine.profile().products[0]?.name;
  console.log(described);
  console.log(top, vitrine.status().catalogVersion);
  try {
    vitrine.render({ pageType: 'home' }, document.body);
  } catch (error) {
    if (error instanceof VitrineError && error.code === 'render_failed') console.warn(error.message);
  }
  // The optional entries load their own WebAssembly: both resolve once it is ready.
  const nearby = await beacons(vitrine);
  const zones: BeaconZoneState[] = nearby.zones();
  console.log(nearby.status(), zones[0]?.zone);
  // @ts-expect-error: beacons() resolves to the API; await it first
  beacons(vitrine).status();
  const measured = await measurement(vitrine, { endpoint: '/vitrine/reports', epsilonPerDay: 0.5 });
  measured.stop();
  await vitrine.forget();
  await vitrine.destroy();
}

/** The shop's collector: a fetch handler that stores rows, and the check alone. */
export const endpoint: (request: Request) => Promise<Response> = collector({
  store: async (rows: readonly ReportRow[], report) => {
    console.log(report.day, rows.map((row) => `${row.kind} ${row.id} ${row.key} ${row.bit}`));
  },
  maxBytes: 16_384,
});
export function check(body: string): number {
  const accepted = acceptReport(body);
  // @ts-expect-error: the rows exist only once the report is accepted
  console.log(accepted.rows);
  return accepted.ok ? accepted.rows.length : accepted.reason.length;
}
