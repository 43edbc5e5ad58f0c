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
  const bits = report.bits.map(([offer, metric, bit]) => {
    const name = METRICS[metric];
    if (name === undefined) throw new RangeError(`measurement wire: metric ${metric}`);
    return [offer, name, bit, metric] as const;
  });
  const answers = report.answers.length > 0 ? `,"answers":${nested(report.answers.map(([s, b, bit]) => [s, b, bit, 0] as const))}` : '';
  return (
    `{"v":${report.v},"day":"${dayText(report.day)}","mechanism":"sampled-rr",` +
    `"epsilon":${rustNumber(report.epsilon)},"catalog":${JSON.stringify(report.catalog)},` +
    `"pairs":${report.pairs},"bits":${nested(bits)}${answers}}`
  );
}

/**
 * `{"outer":{"inner":bit,...},...}` from `[outer, inner, bit, order]` entries, both levels in
 * Rust's map order: outer keys by code point, inner keys by `order` (a metric's position),
 * then by code point (bucket names).
 */
function nested(entries: readonly (readonly [string, string, boolean, number])[]): string {
  const sorted = [...entries].sort(([a, x, , m], [b, y, , n]) => compareCodePoints(a, b) || m - n || compareCodePoints(x, y));
  const groups: string[] = [];
  let current: string | undefined;
  let inner: string[] = [];
  const close = (): void => {
    if (current !== undefined) groups.push(`${JSON.stringify(current)}:{${inner.join(',')}}`);
  };
  for (const [outer, key, bit] of sorted) {
    if (outer !== current) {
      close();
      current = outer;
      inner = [];
    }
    inner.push(`${JSON.stringify(key)}:${bit}`);
  }
  close();
  return `{${groups.join(',')}}`;
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
