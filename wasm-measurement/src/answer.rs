//! What [`Meter::measure`](crate::Meter::measure) answers, in postcard's encoding (the core's
//! `codec` writer; `tests.rs` reads it with postcard itself), for
//! `shell/src/measurement/wire.ts`, from which the shell writes the report's JSON
//! (`shell/src/measurement/report.ts`), so that no float is formatted in the wasm. Field order
//! is the wire format.

use alloc::vec::Vec;

use vitrine::engine::codec::Writer;
use vitrine::engine::measurement::{CatalogScope, Drawn, Metric, REPORT_VERSION};

/// The answer's bytes: the code (0, or the `ErrorCode` number of a problem to report, whose
/// text is `Meter::message`), the ledger bytes to store, and the finished day's report to send
/// once the ledger is stored, if there is one. The report has the fields and order of
/// `Report::to_json`: its version, the day (days since 1970-01-01; the shell writes
/// `YYYY-MM-DD`), epsilon, the catalog version, the number of pairs, and the bits as `(offer id,
/// metric: 0 impression, 1 click, 2 conversion, bit)` (the mechanism is `sampled-rr`, the only
/// one). `report` is the drawn report and the scope it was drawn from.
pub fn encode(code: u8, ledger: &[u8], report: Option<(&Drawn, &CatalogScope)>) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes.push(code);
    w.byte_string(ledger);
    w.opt(report, |w, (drawn, scope)| {
        w.u32(REPORT_VERSION);
        w.u32(drawn.day.epoch_days() as u32);
        w.f64(drawn.epsilon);
        w.str(scope.version());
        w.u32(drawn.pairs);
        // Ascending pair indices: sorted by offer in catalog order, then metric. The JSON sorts
        // offers by id; the shell does that (`Report::to_json`'s order).
        let bits: Vec<_> = drawn
            .bits
            .iter()
            .filter_map(|&(index, bit)| {
                let (offer, metric) = scope.pair(index)?;
                Some((offer, metric_number(metric), bit))
            })
            .collect();
        w.list(&bits, |w, &(offer, metric, bit)| {
            w.str(offer);
            w.bytes.push(metric);
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
