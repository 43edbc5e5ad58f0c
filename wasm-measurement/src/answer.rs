//! What [`Meter::measure`](crate::Meter::measure) answers, in postcard's encoding (the core's
//! `codec` writer; `tests.rs` reads it with postcard itself), for
//! `shell/src/measurement/wire.ts`, from which the shell writes the report's JSON
//! (`shell/src/measurement/report.ts`), so that no float is formatted in the wasm. Field order
//! is the wire format.

use alloc::vec::Vec;

use vitrine::engine::codec::Writer;
use vitrine::engine::measurement::{CatalogScope, Drawn, Metric, Pair};

/// The answer's bytes: the code (0, or the `ErrorCode` number of a problem to report, whose
/// text is `Meter::message`), the ledger bytes to store, and the finished day's report to send
/// once the ledger is stored, if there is one. The report has the fields and order of
/// `Report::to_json`: its version, the day (days since 1970-01-01; the shell writes
/// `YYYY-MM-DD`), epsilon, the catalog version, the number of pairs, the bits about offers as
/// `(offer id, metric: 0 impression, 1 click, 2 conversion, bit)` and those about survey answers
/// as `(survey id, bucket code, bit)` (codes: `scores::BUCKETS`) (the mechanism is `sampled-rr`, the only one). `report` is
/// the drawn report and the scope it was drawn from.
pub fn encode(code: u8, ledger: &[u8], report: Option<(&Drawn, &CatalogScope)>) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes.push(code);
    w.byte_string(ledger);
    w.opt(report, |w, (drawn, scope)| {
        w.u32(scope.report_version());
        w.u32(drawn.day.epoch_days() as u32);
        w.f64(drawn.epsilon);
        w.str(scope.version());
        w.u32(drawn.pairs);
        // Ascending pair indices: offers in catalog order, then surveys. The JSON sorts them by
        // id; the shell does that (`Report::to_json`'s order).
        let (mut offers, mut answers) = (Vec::new(), Vec::new());
        for &(index, bit) in &drawn.bits {
            match scope.pair(index) {
                Some(Pair::Offer(offer, metric)) => {
                    offers.push((offer, metric_number(metric), bit))
                }
                Some(Pair::Answer(survey, code)) => answers.push((survey, code, bit)),
                None => {}
            }
        }
        w.list(&offers, |w, &(offer, metric, bit)| {
            w.str(offer);
            w.bytes.push(metric);
            w.bool(bit);
        });
        w.list(&answers, |w, &(survey, code, bit)| {
            w.str(survey);
            w.u8(code);
            w.bool(bit);
        });
    });
    w.bytes
}

fn metric_number(metric: Metric) -> u8 {
    match metric {
        Metric::Impression => 0,
        Metric::Click => 1,
        Metric::Conversion => 2,
    }
}
