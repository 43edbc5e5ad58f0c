// Compile-time checks of pkg/index.d.ts, as a shop's TypeScript code would use it (`make lint`
// runs `tsc --noEmit --strict` on this file). Lines marked @ts-expect-error must stay errors.
import { Vitrine, type Decision, type VitrineEvent, type VitrineError } from 'vitrine';

export async function shop(): Promise<void> {
  const vitrine = await Vitrine.init({
    catalogUrl: '/catalog.json',
    publicKeys: ['ed25519:6wKPxZE9eS0jRdvjV5eMxAf5BokHeqAvdvphp1HNl0A='],
    consent: { personalization: 'granted', measurement: 'denied' },
    measurement: { endpoint: '/vitrine/reports', epsilonPerDay: 0.5 },
    onError: (error: VitrineError) => console.warn(error.code, error.message),
  });
  vitrine.track({ type: 'product_view', product: { id: 'sku-1', category: 'coffee' } });
  vitrine.track({ type: 'add_to_cart', product: { id: 'sku-1' }, quantity: 2 });
  vitrine.track({ type: 'remove_from_cart', productId: 'sku-1' });
  vitrine.track({ type: 'click', offer: 'o', slot: 'home-hero', at: Date.now() });

  // @ts-expect-error: a product view needs its product
  vitrine.track({ type: 'product_view' });
  // @ts-expect-error: remove_from_cart takes productId, not product
  vitrine.track({ type: 'remove_from_cart', product: { id: 'x' } });
  // @ts-expect-error: unknown event type
  vitrine.track({ type: 'teleport' });
  // @ts-expect-error: measurement needs an endpoint
  await Vitrine.init({ catalogUrl: '/c.json', measurement: { epsilonPerDay: 1 } });
  // @ts-expect-error: consent states are a closed set
  await vitrine.consent({ personalization: 'yes' });

  const decision: Decision = vitrine.decide('home-hero', { pageType: 'home', device: 'mobile' });
  if (decision.offer) {
    const title: string = decision.offer.creative.title;
    const reason: string = decision.explanation.summary;
    console.log(title, reason, decision.mode === 'holdout');
  }
  const events: VitrineEvent[] = [{ type: 'search', query: 'decaf' }];
  events.forEach((e) => vitrine.track(e));
  await vitrine.forget();
  await vitrine.destroy();
}
