//! The property the `catalog_binary` fuzz target checks, shared with `tests/catalog_binary.rs`
//! so that stable CI runs it too: decoding any bytes never panics; a failure is a
//! `catalog_invalid` error with a message; a decoded catalog compiles again into a payload that
//! decodes to the same header and catalog; the beacon reader alone never panics either and
//! reads the same beacons.

use vitrine::engine::catalog::binary::{decode, decode_beacons, encode, CatalogHeader};
use vitrine::engine::ErrorCode;

/// Decodes `bytes` as a whole payload.
pub fn payload(bytes: &[u8]) {
    let beacons = decode_beacons(bytes);
    if let Err(e) = &beacons {
        assert_eq!(e.code(), ErrorCode::CatalogInvalid);
    }
    match decode(bytes) {
        Ok((header, catalog)) => {
            assert_eq!(
                beacons.as_ref(),
                Ok(&catalog.beacons),
                "the beacon reader alone"
            );
            assert_eq!(CatalogHeader::read(bytes), Ok(header), "header alone");
            let again = encode(&header, &catalog).expect("a decoded catalog compiles again");
            assert_eq!(decode(&again), Ok((header, catalog)), "compiled again");
        }
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::CatalogInvalid);
            assert!(!e.to_string().is_empty(), "an error without a message");
        }
    }
}

/// Decodes `body` behind a valid header, so that arbitrary input reaches the body decoder.
pub fn body(body: &[u8]) {
    let header = CatalogHeader {
        sequence: 1,
        expires_at: 2,
        signed_at: 0,
    };
    let mut bytes = header.to_bytes().to_vec();
    bytes.extend_from_slice(body);
    payload(&bytes);
}
