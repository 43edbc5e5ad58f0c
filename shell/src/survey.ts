/** One-tap surveys: the scales a survey banner is answered on (Rust's `engine::survey`). */

/** The lowest and highest score of each scale, the scales in the order of Rust's `Scale`. */
export const SCORES = {
  nps: [0, 10],
  csat: [1, 5],
  thumbs: [0, 1],
} as const;
export type SurveyScale = keyof typeof SCORES;
/** The scales; a scale's number on the wire is its position. */
export const SCALES = Object.keys(SCORES) as SurveyScale[];
