//! `Engine`: the decision core behind one JS object. It holds a validated catalog and the
//! in-memory profile; the browser runtime adds storage, network and rendering around it.

use wasm_bindgen::prelude::*;

use super::shape;
use crate::browser::js_error::js_error;
use crate::engine::catalog::Catalog;
use crate::engine::decision::{self, Inputs};
use crate::engine::profile::{Profile, ProfileConfig};

/// The decision engine: a catalog, the shopper's local profile, and the device id.
#[wasm_bindgen]
pub struct Engine {
    catalog: Catalog,
    profile: Profile,
    config: ProfileConfig,
    device_id: String,
    personalization_allowed: bool,
}

#[wasm_bindgen]
impl Engine {
    /// Validates `catalogJson` (the catalog's exact text) and starts with an empty profile.
    /// Throws an `Error` with code `catalog_invalid` listing every problem found.
    #[wasm_bindgen(constructor)]
    pub fn new(catalog_json: &str, device_id: String) -> Result<Engine, JsValue> {
        let catalog = parse_catalog(catalog_json)?;
        let config = ProfileConfig {
            utc_offset_minutes: catalog.utc_offset_minutes,
            ..ProfileConfig::default()
        };
        Ok(Engine {
            catalog,
            profile: Profile::new(),
            config,
            device_id,
            personalization_allowed: true,
        })
    }

    /// Folds one event (`{type, at, ...}`) into the profile. Throws a `TypeError` with code
    /// `event_invalid` naming the bad field.
    pub fn track(&mut self, event: JsValue) -> Result<(), JsValue> {
        let event = shape::event(event, None)?;
        self.profile.apply(&event, &self.config);
        Ok(())
    }

    /// Allows or forbids using the profile for decisions (consent).
    #[wasm_bindgen(js_name = setPersonalization)]
    pub fn set_personalization(&mut self, allowed: bool) {
        self.personalization_allowed = allowed;
    }

    /// Decides `slots` for a page `context` (`{now, pageType, category, ...}`) and returns one
    /// decision per slot, each with its explanation. Deterministic for a given `seed`.
    pub fn decide(
        &self,
        slots: Vec<String>,
        context: JsValue,
        seed: u32,
    ) -> Result<JsValue, JsValue> {
        let context = shape::context(context)?;
        let inputs = Inputs {
            catalog: &self.catalog,
            profile: &self.profile,
            config: &self.config,
            device_id: &self.device_id,
            personalization_allowed: self.personalization_allowed,
        };
        let slots: Vec<&str> = slots.iter().map(String::as_str).collect();
        let decisions = decision::decide(&inputs, &context, &slots, u64::from(seed));
        shape::to_js(&decisions)
    }
}

fn parse_catalog(text: &str) -> Result<Catalog, JsValue> {
    let invalid =
        |e: &dyn std::fmt::Display| js_error("catalog_invalid", format!("invalid catalog: {e}"));
    Catalog::from_json(text).map_err(|e| invalid(&e))
}
