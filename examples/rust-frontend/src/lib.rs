//! What a Rust frontend does with the Vitrine core: accept the signed catalog it fetched, fold
//! the shopper's events into a profile, and pick the banner for a slot, all in its own wasm. The
//! frontend owns the I/O (fetch, storage, rendering) as the npm package's TypeScript shell does.

use vitrine::engine::catalog::binary::decode;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::decision::{decide, Context, Inputs};
use vitrine::engine::events::{Event, PageType};
use vitrine::engine::profile::{Profile, ProfileConfig};
use vitrine::engine::signature::{parse_public_keys, verify_envelope};

/// Why a catalog was not accepted.
#[derive(Debug)]
pub enum ShopError {
    /// The signature does not verify with the shop's keys, or the bytes are not a signed catalog.
    Signature(String),
    /// The signed payload does not decode.
    Catalog(String),
}

/// The shop's personalization state on one page.
pub struct Shop {
    catalog: Catalog,
    profile: Profile,
    config: ProfileConfig,
    device_id: String,
}

impl Shop {
    /// Verifies `catalog_bin` (the `catalog.bin` that `vitrine sign` wrote) with `public_keys`
    /// and decodes it.
    pub fn new(
        catalog_bin: &[u8],
        public_keys: &[&str],
        device_id: &str,
    ) -> Result<Shop, ShopError> {
        let keys =
            parse_public_keys(public_keys).map_err(|e| ShopError::Signature(e.to_string()))?;
        let (_, payload) =
            verify_envelope(catalog_bin, &keys).map_err(|e| ShopError::Signature(e.to_string()))?;
        let (_, catalog) = decode(payload).map_err(|e| ShopError::Catalog(e.to_string()))?;
        let config = ProfileConfig {
            utc_offset_minutes: catalog.utc_offset_minutes,
            ..ProfileConfig::default()
        };
        Ok(Shop {
            catalog,
            profile: Profile::new(),
            config,
            device_id: device_id.to_owned(),
        })
    }

    /// Folds one event into the profile.
    pub fn track(&mut self, event: &Event) {
        self.profile.apply(event, &self.config);
    }

    /// The offer id to show in `slot` on a page of `page_type` at `now` (Unix ms), if any.
    pub fn banner(&self, slot: &str, page_type: PageType, now: i64, seed: u64) -> Option<String> {
        let inputs = Inputs {
            catalog: &self.catalog,
            profile: &self.profile,
            config: &self.config,
            device_id: &self.device_id,
            personalization_allowed: true,
        };
        let context = Context {
            now,
            page_type: Some(page_type),
            ..Context::default()
        };
        let decision = decide(&inputs, &context, &[slot], seed)
            .into_iter()
            .next()?;
        decision.offer.map(|o| o.id)
    }
}
