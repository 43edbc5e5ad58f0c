//! What [`Meter::measure`](crate::Meter::measure) answers: a postcard-encoded flat struct that
//! `shell/src/measurement/wire.ts` reads, and from which the shell writes the report's JSON
//! (`shell/src/measurement/report.ts`), so that no float is formatted in the wasm. Field order
//! is the wire format.

use serde::Serialize;
use vitrine::engine::measurement::{CatalogScope, Drawn, Metric, REPORT_VERSION};

/// One measurement update's outcome.
#[derive(Serialize)]
struct AnswerWire<'a> {
    /// 0, or the `ErrorCode` number of a problem to report (its text is `Meter::message`).
    code: u8,
    /// The ledger bytes to store.
    ledger: &'a [u8],
    /// The finished day's report, to send once the ledger is stored.
    report: Option<ReportWire<'a>>,
}

/// A report, as the shell writes its JSON (`Report::to_json`'s fields and order).
#[derive(Serialize)]
struct ReportWire<'a> {
    v: u32,
    /// The day reported: days since 1970-01-01 (the shell writes `YYYY-MM-DD`).
    day: u32,
    epsilon: f64,
    catalog: &'a str,
    pairs: u32,
    /// `(offer id, metric: 0 impression, 1 click, 2 conversion, bit)`. (The mechanism is
    /// `sampled-rr`, the only one.)
    bits: Vec<(&'a str, u8, bool)>,
}

/// The answer's bytes: `report` is the drawn report and the scope it was drawn from.
pub fn encode(code: u8, ledger: &[u8], report: Option<(&Drawn, &CatalogScope)>) -> Vec<u8> {
    let wire = AnswerWire {
        code,
        ledger,
        report: report.map(|(drawn, scope)| ReportWire {
            v: REPORT_VERSION,
            day: drawn.day.epoch_days() as u32,
            epsilon: drawn.epsilon,
            catalog: scope.version(),
            pairs: drawn.pairs,
            // Ascending pair indices: sorted by offer in catalog order, then metric. The JSON
            // sorts offers by id; the shell does that (`Report::to_json`'s order).
            bits: drawn
                .bits
                .iter()
                .filter_map(|&(index, bit)| {
                    let (offer, metric) = scope.pair(index)?;
                    Some((offer, metric_number(metric), bit))
                })
                .collect(),
        }),
    };
    // Cannot fail (see `ledger::encode`).
    postcard::to_allocvec(&wire).unwrap_or_default()
}

fn metric_number(metric: Metric) -> u8 {
    match metric {
        Metric::Impression => 0,
        Metric::Click => 1,
        Metric::Conversion => 2,
    }
}
