// splitmix64, the fixed-seed generator of benches/engine.rs, in JavaScript (BigInt), so the bench
// catalogs and event streams are the same on every run and in every browser.

const MASK = (1n << 64n) - 1n;

/** A deterministic random source seeded with `seed` (a number or BigInt). */
export function random(seed) {
  let state = BigInt(seed) & MASK;
  const next = () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  };
  /** Uniform-ish in `0..n`. */
  const below = (n) => Number(next() % BigInt(n));
  return {
    /** Uniform in `[0, 1)`, 53 random bits. */
    unit: () => Number(next() >> 11n) / 2 ** 53,
    below,
    /** True with probability `percent` / 100. */
    chance: (percent) => below(100) < percent,
    /** Skewed towards small values, so some keys dominate the profile. */
    skewed: (n) => Math.min(below(n), below(n)),
  };
}
