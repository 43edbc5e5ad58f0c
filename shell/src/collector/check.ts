/**
 * Checks one report body as `vitrine aggregate` reads it (`Report::from_json` and
 * `Report::validate` in src/engine/measurement/report.rs), and more strictly: it must be byte
 * for byte the JSON the SDK writes (`reportJson`, the core's `Report::to_json`). A body that
 * parses the same but is written differently (whitespace, key order, `1` for `1.0`) comes from
 * no Vitrine device, and its formatting could carry what the randomized bits do not: it is
 * refused.
 */
import { bucketScale, type Scale } from '../measurement/buckets.js';
import { reportJson } from '../measurement/report.js';
import { dayText, type DrawnReport } from '../measurement/wire.js';
import type { Metric, Report } from './types.js';

/** The newest report format version. */
const REPORT_VERSION = 2;
/** Longest catalog version, offer id or survey id, in UTF-8 bytes (`MAX_ID_LEN`). */
const MAX_ID_BYTES = 128;
/** Most offers a catalog has (`MAX_OFFERS`). */
const MAX_OFFERS = 10_000;
/** Most bits in one report (`MAX_BITS`). */
const MAX_BITS = 64;
/** Highest epsilon of a report (`MAX_EPSILON`). */
const MAX_EPSILON = 10;
/** The last day a report can be about: 9999-12-31, in days since 1970-01-01. */
const LAST_DAY = 2_932_896;
const METRICS: readonly Metric[] = ['impression', 'click', 'conversion'];
const FIELDS = ['v', 'day', 'mechanism', 'epsilon', 'catalog', 'pairs', 'bits', 'answers'];

const utf8 = new TextEncoder();

/** Why a body is not a report. */
export class RefusedReport extends Error {
  override readonly name = 'RefusedReport';
}

function refuse(reason: string): never {
  throw new RefusedReport(reason);
}

/** The report `body` holds, or a {@link RefusedReport} saying what is wrong. */
export function checkReport(body: string): Report {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    refuse('not a measurement report: not JSON');
  }
  const o = object(parsed, 'a report');
  for (const key of Object.keys(o)) {
    if (!FIELDS.includes(key)) refuse(`unknown field \`${key}\``);
  }
  for (const key of FIELDS.slice(0, 7)) {
    if (!(key in o)) refuse(`missing field \`${key}\``);
  }
  const v = o['v'];
  if (v !== 1 && v !== REPORT_VERSION) refuse(`report format version ${String(v)} is not supported (versions 1 and 2 are)`);
  const day = o['day'];
  const days = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) / 86_400_000 : NaN;
  if (!(days >= 0 && days <= LAST_DAY && dayText(days) === day)) refuse('`day` must be a date YYYY-MM-DD (1970 or later)');
  if (o['mechanism'] !== 'sampled-rr') refuse('`mechanism` must be "sampled-rr"');
  const epsilon = o['epsilon'];
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon <= MAX_EPSILON)) refuse(`epsilon must be in (0, ${MAX_EPSILON}]`);
  const catalog = id(o['catalog'], '`catalog`');
  if (v === 1 && o['answers'] !== undefined) refuse('version 1 has no `answers`');
  const answers = o['answers'] === undefined ? {} : object(o['answers'], '`answers`');
  // 3 per offer (up to 10,000), plus up to 5 buckets per offer's survey in version 2.
  const pairs = o['pairs'];
  const most = v === 1 ? 3 * MAX_OFFERS : 8 * MAX_OFFERS;
  if (typeof pairs !== 'number' || !Number.isInteger(pairs) || pairs < 3 || pairs > most || (v === 1 && pairs % 3 !== 0)) {
    refuse(`\`pairs\` ${String(pairs)} does not fit a catalog (3 per offer, plus the surveys' buckets in version 2)`);
  }
  const drawn: { bits: [string, number, boolean][]; answers: [string, string, boolean][] } = { bits: [], answers: [] };
  const bits = object(o['bits'], '`bits`');
  for (const [offer, metrics] of Object.entries(bits)) {
    id(offer, `offer \`${offer}\``);
    for (const [metric, bit] of entries(metrics, `offer \`${offer}\``)) {
      const at = METRICS.indexOf(metric as Metric);
      if (at < 0 || typeof bit !== 'boolean') refuse(`offer \`${offer}\`: \`${metric}\` must be a metric (impression, click, conversion) with a true or false bit`);
      drawn.bits.push([offer, at, bit]);
    }
  }
  for (const [survey, buckets] of Object.entries(answers)) {
    id(survey, `survey \`${survey}\``);
    let scale: Scale | undefined;
    for (const [bucket, bit] of entries(buckets, `survey \`${survey}\``)) {
      const of = bucketScale(bucket);
      if (of === undefined || (scale ?? of) !== of || typeof bit !== 'boolean') {
        refuse(`survey \`${survey}\`: \`${bucket}\` must be an answer bucket of its scale with a true or false bit`);
      }
      scale = of;
      drawn.answers.push([survey, bucket, bit]);
    }
  }
  const count = drawn.bits.length + drawn.answers.length;
  if (count < 1 || count > Math.min(MAX_BITS, pairs)) refuse(`it has ${count} bits; a report has 1 to ${Math.min(MAX_BITS, pairs)}`);
  const canonical: DrawnReport = { v, day: days, epsilon, catalog, pairs, ...drawn };
  if (reportJson(canonical) !== body) refuse('not written as Vitrine writes reports (the JSON `Report::to_json` writes, byte for byte)');
  return parsed as Report;
}

/** `value` as a plain JSON object, or a refusal naming `what`. */
function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(`${what} must be an object`);
  return value as Record<string, unknown>;
}

/** The entries of a non-empty object. */
function entries(value: unknown, what: string): [string, unknown][] {
  const all = Object.entries(object(value, what));
  if (all.length === 0) refuse(`${what} needs at least one bit`);
  return all;
}

/** `value` as an id of 1 to {@link MAX_ID_BYTES} UTF-8 bytes, without lone surrogates. */
function id(value: unknown, what: string): string {
  // A lone surrogate is not UTF-8: `vitrine aggregate` refuses its escape.
  if (typeof value !== 'string' || value === '' || /\p{Cs}/u.test(value) || utf8.encode(value).length > MAX_ID_BYTES) {
    refuse(`${what} needs an id of 1 to ${MAX_ID_BYTES} bytes`);
  }
  return value;
}
