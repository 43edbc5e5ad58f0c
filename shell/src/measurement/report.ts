/**
 * The report's JSON, exactly as the previous runtime sent it (serde_json's `Report::to_json`:
 * fields in order, offers sorted by id, metrics in order, `epsilon` as Rust prints an f64), so
 * that collectors and `vitrine aggregate` see the same bytes. The wasm draws the report
 * (`wire.ts`'s `DrawnReport`); no float is formatted there. tests/vectors/measurement-reports.json
 * pins the output against the core's own JSON.
 */
import { dayText, type DrawnReport } from './wire.js';

/** Metric names by the wasm's numbers. */
const METRICS = ['impression', 'click', 'conversion'] as const;

/** The body the collector receives (one line of JSON). */
export function reportJson(report: DrawnReport): string {
  const bits = [...report.bits].sort(([a, m], [b, n]) => compareCodePoints(a, b) || m - n);
  const offers: string[] = [];
  let current: string | undefined;
  let entries: string[] = [];
  for (const [offer, metric, bit] of bits) {
    if (offer !== current) {
      if (current !== undefined) offers.push(`${JSON.stringify(current)}:{${entries.join(',')}}`);
      current = offer;
      entries = [];
    }
    const name = METRICS[metric];
    if (name === undefined) throw new RangeError(`measurement wire: metric ${metric}`);
    entries.push(`"${name}":${bit}`);
  }
  if (current !== undefined) offers.push(`${JSON.stringify(current)}:{${entries.join(',')}}`);
  return (
    `{"v":${report.v},"day":"${dayText(report.day)}","mechanism":"sampled-rr",` +
    `"epsilon":${rustNumber(report.epsilon)},"catalog":${JSON.stringify(report.catalog)},` +
    `"pairs":${report.pairs},"bits":{${offers.join(',')}}}`
  );
}

/**
 * An f64 as Rust's JSON writes it (shortest round-trip digits, like JavaScript): whole numbers
 * keep `.0`, and numbers below 1e-5 use an exponent (JavaScript only does below 1e-6).
 */
export function rustNumber(x: number): string {
  if (Number.isInteger(x)) return `${x}.0`;
  return Math.abs(x) < 1e-5 ? x.toExponential() : String(x);
}

/** Orders strings by code point, as Rust orders them (by UTF-8 bytes). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  }
  return x.length - y.length;
}
