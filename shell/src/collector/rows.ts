/** A report as rows, one per reported bit: the storage layout `sql/aggregate.sql` reads. */
import type { Report, ReportRow } from './types.js';

type Bits = Readonly<Record<string, Readonly<Record<string, boolean | undefined>>>>;

/** The rows of a checked report: its offers' bits, then its answers' bits. */
export function reportRows(report: Report): ReportRow[] {
  const drawn = [...flat('offer', report.bits), ...flat('answer', report.answers ?? {})];
  const { day, catalog, pairs, epsilon } = report;
  return drawn.map(([kind, id, key, bit]) => ({ day, catalog, pairs, epsilon, bits: drawn.length, kind, id, key, bit }));
}

function flat(kind: ReportRow['kind'], map: Bits): [ReportRow['kind'], string, string, 0 | 1][] {
  return Object.entries(map).flatMap(([id, keys]) => Object.entries(keys).map(([key, bit]) => [kind, id, key, bit ? 1 : 0] as [ReportRow['kind'], string, string, 0 | 1]));
}
