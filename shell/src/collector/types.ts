/** The public types of `vitrine/collector`. They import nothing. */

/** What a report counts for an offer. */
export type Metric = 'impression' | 'click' | 'conversion';

/** A measurement report as devices send it (docs/measurement.md, "What a report contains"). */
export interface Report {
  /** Format version: 1, or 2 when the catalog has surveys. */
  readonly v: 1 | 2;
  /** The day the bits are about, `YYYY-MM-DD` in the shop's time zone. */
  readonly day: string;
  readonly mechanism: 'sampled-rr';
  /** The report's privacy loss, split evenly across its bits. */
  readonly epsilon: number;
  /** The catalog version the device measured against. */
  readonly catalog: string;
  /** How many pairs the bits were drawn from. */
  readonly pairs: number;
  /** Offer id → metric → randomized bit. */
  readonly bits: Readonly<Record<string, Readonly<Partial<Record<Metric, boolean>>>>>;
  /** Survey id → answer bucket → randomized bit (version 2). */
  readonly answers?: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
}

/**
 * One reported bit, as stored for `sql/aggregate.sql` (docs/collector.md, "Storage"): the
 * report's fields, and what the bit is about.
 */
export interface ReportRow {
  readonly day: string;
  readonly catalog: string;
  readonly pairs: number;
  readonly epsilon: number;
  /** How many bits the report has. */
  readonly bits: number;
  /** `offer` (an offer's metric) or `answer` (a survey's answer bucket). */
  readonly kind: 'offer' | 'answer';
  /** The offer or survey id. */
  readonly id: string;
  /** The metric or the bucket. */
  readonly key: string;
  /** The randomized bit, 0 or 1. */
  readonly bit: 0 | 1;
}

/** What {@link acceptReport} answers. */
export type Acceptance =
  | { readonly ok: true; readonly report: Report; readonly rows: readonly ReportRow[] }
  | { readonly ok: false; readonly reason: string };

/** Options of `collector`. */
export interface CollectorOptions {
  /** Stores an accepted report's rows (e.g. appends them to the day's file); may return a promise. */
  store(rows: readonly ReportRow[], report: Report): void | Promise<void>;
  /** Largest body accepted, in bytes (default 65,536: a `keepalive` request's limit). */
  maxBytes?: number;
}
