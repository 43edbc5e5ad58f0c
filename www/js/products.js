// The shop's product data (www/data/products.json): categories, brands and products.
let data;

export async function loadShop() {
  if (!data) {
    const response = await fetch('/data/products.json');
    if (!response.ok) throw new Error(`products.json: HTTP ${response.status}`);
    const json = await response.json();
    data = {
      ...json,
      productById: new Map(json.products.map((p) => [p.id, p])),
      categoryById: new Map(json.categories.map((c) => [c.id, c])),
      brandById: new Map(json.brands.map((b) => [b.id, b])),
    };
  }
  return data;
}

export const brandName = (shop, id) => shop.brandById.get(id)?.name ?? id;

export const inCategory = (shop, category) => shop.products.filter((p) => p.category === category);

/** Case-insensitive search over name, brand, category, tags and description; best matches first. */
export function search(shop, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored = shop.products.map((p) => {
    const fields = [p.name, brandName(shop, p.brand), p.category, p.tags.join(' '), p.description].map((f) => f.toLowerCase());
    let score = 0;
    for (const word of words) {
      const stem = word.replace(/s$/, '');
      const hit = fields.findIndex((f) => f.includes(stem));
      if (hit === -1) return { p, score: 0 };
      score += 5 - hit;
    }
    return { p, score };
  });
  return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score).map((s) => s.p);
}

const euro = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });
export const formatPrice = (value) => euro.format(value);

/** The product as Vitrine's events describe it: what targeting reads, and how offer templates show it. */
export const sdkProduct = (p) => ({
  id: p.id, category: p.category, brand: p.brand, tags: p.tags, price: p.price,
  name: p.name, url: `/product/${p.id}`, image: p.image,
});
