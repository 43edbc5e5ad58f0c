// The bench's results as table rows, the markdown table, and its place in BENCHMARKS.md: a dated
// subsection per run at the end of the section "In the browser, side by side with GrowthBook".
import { readFileSync, writeFileSync } from 'node:fs';

const SECTION = '## In the browser, side by side with GrowthBook';

/** The value at quantile `q` (nearest rank) of `samples`. */
export function quantile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * A table row: `values` by SDK key as `{ median, p95 }` (p95 absent for single figures) in the
 * row's `unit`. `ratio` is first SDK / second SDK, of medians.
 */
export function row(part, label, unit, values) {
  const [first, second] = Object.values(values);
  return { part, label, unit, values, ratio: first.median / second.median };
}

/** Samples (ms) by SDK key to `{ median, p95 }` by SDK key. */
export const timeStats = (samples) =>
  Object.fromEntries(Object.entries(samples).map(([key, ms]) => [key, { median: quantile(ms, 0.5), p95: quantile(ms, 0.95) }]));

/** Time samples (ms) for `events` events to events per second; p95 is the slow end (the 95th percentile of time). */
export const throughputStats = (samples, events) =>
  Object.fromEntries(Object.entries(samples).map(([key, ms]) => [
    key,
    { median: events / (quantile(ms, 0.5) / 1000), p95: events / (quantile(ms, 0.95) / 1000) },
  ]));

const UNITS = {
  ms: (v) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(1)} µs`),
  'events/s': (v) => `${Math.round(v).toLocaleString('en-US')} /s`,
  bytes: (v) => (v >= 1024 * 1024 ? `${(v / 1024 / 1024).toFixed(2)} MiB` : `${(v / 1024).toFixed(1)} KiB`),
};

const format = (unit, value) => (value === undefined ? '-' : UNITS[unit](value));

/** The markdown table of `rows`, SDK columns named by `names` (in `values` order). */
export function table(rows, names) {
  const header = ['part', 'measurement', ...names.flatMap((n) => [`${n} median`, `${n} p95`]), `${names[0]} / ${names[1]}`];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '--:')).join('|')}|`];
  for (const r of rows) {
    const cells = Object.values(r.values).flatMap((v) => [format(r.unit, v.median), format(r.unit, v.p95)]);
    lines.push(`| ${r.part} | ${r.label} | ${cells.join(' | ')} | ${r.ratio.toFixed(2)} |`);
  }
  return lines.join('\n');
}

/**
 * Inserts `markdown` at the end of SECTION in the markdown file `path` (before the next
 * second-level heading), adding the section at the end of the file if it is missing.
 */
export function appendToSection(path, markdown) {
  let text = readFileSync(path, 'utf8');
  if (!text.includes(`\n${SECTION}\n`)) text = `${text.trimEnd()}\n\n${SECTION}\n`;
  const start = text.indexOf(`\n${SECTION}\n`) + SECTION.length + 2;
  const next = text.indexOf('\n## ', start);
  const end = next === -1 ? text.length : next + 1;
  const before = text.slice(0, end).trimEnd();
  writeFileSync(path, `${before}\n\n${markdown.trim()}\n${next === -1 ? '' : `\n${text.slice(end)}`}`);
}
