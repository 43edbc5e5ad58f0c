// Interleaved measurement, shared by the bench page and the runner: each round samples every SDK
// once, and which SDK goes first alternates from round to round, so drift on a shared machine
// (load, GC, thermal) falls on both sides alike.

/**
 * Calls `sample(sdk)` for each SDK in `warmup + rounds` rounds, alternating the order, and
 * returns the samples taken after the warm-up rounds, by SDK key.
 */
export async function interleave(sdks, { rounds, warmup = 0 }, sample) {
  const samples = Object.fromEntries(sdks.map((sdk) => [sdk.key, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    const order = round % 2 === 0 ? sdks : [...sdks].reverse();
    for (const sdk of order) {
      const value = await sample(sdk);
      if (round >= warmup) samples[sdk.key].push(value);
    }
  }
  return samples;
}
