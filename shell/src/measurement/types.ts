/**
 * The public types of `vitrine/measurement`. They import nothing, so a shop's type check of
 * this entry point reads no internal declaration (the wasm glue's among them).
 */

/** Options of `measurement(instance, options)`. */
export interface MeasurementOptions {
  /** Where reports are POSTed: an http(s) URL or a path of this site, e.g. `/vitrine/reports`. */
  endpoint: string;
  /** The privacy budget per device and day: above 0, at most 10; default 1 (lower is more private). */
  epsilonPerDay?: number;
}

/** The stored ledger, readable (`Measurement.exportData`). */
export interface MeasurementData {
  /** The day being counted (`YYYY-MM-DD`, shop time zone). */
  readonly day: string;
  /** That day's counts per offer. */
  readonly offers: readonly { offer: string; impressions: number; clicks: number; conversions: number }[];
  /** That day's latest answer to each survey, as its bucket: `detractor`, `passive` or `promoter` (NPS), `1` to `5` (CSAT), `down` or `up`. */
  readonly answers: readonly { survey: string; bucket: string }[];
  /** The privacy budget per day (epsilon). */
  readonly epsilonPerDay: number;
  /** The epsilon spent on recent days. */
  readonly spent: readonly { day: string; epsilon: number }[];
}

/** Measurement running on an instance. */
export interface Measurement {
  /** The stored ledger (today's counts and the budget spent), readable; `null` if none. */
  exportData(): Promise<MeasurementData | null>;
  /** Stops counting and sending (the instance's `destroy` does too). */
  stop(): void;
}
