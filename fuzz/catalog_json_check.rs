//! The property the `catalog_json` fuzz target checks, shared with `tests/fuzz_properties.rs`
//! so that stable CI runs it too: validating any text as a catalog never panics and never
//! recurses without bound; a refusal names at least one problem, each with a path and a
//! message; an accepted catalog compiles into a payload that decodes to the same catalog.

use vitrine::engine::catalog::binary::{decode, encode, CatalogHeader};
use vitrine::engine::catalog::Catalog;

/// Validates `text` as a catalog's JSON.
pub fn json(text: &str) {
    match Catalog::from_json(text) {
        Ok(catalog) => {
            let header = CatalogHeader {
                sequence: 1,
                expires_at: i64::MAX,
                signed_at: 0,
            };
            let payload = encode(&header, &catalog).expect("an accepted catalog compiles");
            assert_eq!(
                decode(&payload),
                Ok((header, catalog)),
                "compiled, then decoded"
            );
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "a refusal without a problem");
            for e in &errors.0 {
                assert!(
                    !e.path.is_empty() && !e.kind.to_string().is_empty(),
                    "{e:?}"
                );
            }
        }
    }
}
