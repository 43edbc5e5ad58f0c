//! The property the `frames` fuzz target checks, shared with `tests/beacon_frames_fuzz.rs` so
//! that stable CI runs it too: the parsers never panic, errors always explain themselves, and
//! every accepted frame re-encodes to bytes that parse back to the same frame.

use vitrine::engine::beacon::{parse_manufacturer_data, parse_service_data, BeaconFrame, BeaconId};

/// Eddystone's service UUID, which the selector can force so most inputs reach its parsers.
const EDDYSTONE: u16 = 0xFEAA;

/// Input layout: byte 0 selects the parser (bit 0: service data instead of manufacturer data;
/// bit 1: force the Eddystone UUID), bytes 1–2 are the company id or UUID (little-endian, as
/// on the air), the rest is the data. Shorter inputs are ignored.
pub fn frames(input: &[u8]) {
    let [selector, lo, hi, data @ ..] = input else {
        return;
    };
    let key = u16::from_le_bytes([*lo, *hi]);
    let service = selector & 1 == 1;
    let key = if selector & 2 == 2 { EDDYSTONE } else { key };
    let parse = |bytes: &[u8]| {
        if service {
            parse_service_data(key, bytes)
        } else {
            parse_manufacturer_data(key, bytes)
        }
    };
    let frame = match parse(data) {
        Ok(frame) => frame,
        Err(e) => {
            assert!(!e.to_string().is_empty(), "an error without a message");
            return;
        }
    };
    let encoded = match &frame {
        BeaconFrame::IBeacon(b) => b.to_bytes().to_vec(),
        BeaconFrame::AltBeacon(b) => b.to_bytes().to_vec(),
        BeaconFrame::EddystoneUid(b) => b.to_bytes().to_vec(),
        BeaconFrame::EddystoneUrl(b) => b.to_bytes().expect("a parsed URL re-encodes"),
        BeaconFrame::EddystoneTlm(b) => b.to_bytes().to_vec(),
    };
    assert_eq!(
        parse(&encoded).as_ref(),
        Ok(&frame),
        "re-encoding changed the frame"
    );
    if let Some(id) = frame.beacon_id() {
        assert_eq!(
            id.to_string().parse::<BeaconId>(),
            Ok(id),
            "id string round trip"
        );
    }
}
