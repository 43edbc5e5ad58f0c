/**
 * The answer buckets of survey answers in reports, by code: the core's `scores::BUCKETS` (the
 * report vectors, tests/vectors/measurement-reports.json, pin the names), with each bucket's
 * scale.
 */

/** The buckets by code: the NPS groups, the CSAT scores, thumbs down and up. */
export const BUCKETS = ['detractor', 'passive', 'promoter', '1', '2', '3', '4', '5', 'down', 'up'] as const;

/** A survey's scale. */
export type Scale = 'nps' | 'csat' | 'thumbs';

/** The scale of the bucket named `name`, or `undefined` when no scale has such a bucket. */
export function bucketScale(name: string): Scale | undefined {
  const code = (BUCKETS as readonly string[]).indexOf(name);
  if (code < 0) return undefined;
  return code < 3 ? 'nps' : code < 8 ? 'csat' : 'thumbs';
}
