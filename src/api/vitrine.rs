//! `Vitrine`: the SDK as a shop's JavaScript sees it.

use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::{options, shape, summary, Beacons};
use crate::browser::js_error::{js_error, type_error};
use crate::browser::runtime::{self, Shared};

/// One SDK instance on a page. Create it with `await Vitrine.init(options)`.
#[wasm_bindgen]
pub struct Vitrine {
    rt: Shared,
    /// The one `Beacons` object `vitrine.beacons` returns (made once, so reading the property
    /// allocates nothing).
    beacons: JsValue,
}

#[wasm_bindgen]
impl Vitrine {
    /// Starts the SDK: opens storage, reads the profile and the cached catalog (fetching it if
    /// there is none), and resolves once banners can be decided. Throws a `TypeError` with code
    /// `options_invalid` naming the bad option.
    pub async fn init(options: JsValue) -> Result<Vitrine, JsValue> {
        let parsed = options::parse(&options).map_err(|e| type_error("options_invalid", e))?;
        let observe = parsed.settings.observe;
        let rt = runtime::start(parsed.settings, parsed.consent, parsed.catalog).await;
        if observe {
            runtime::observe(&rt)?;
        }
        let beacons = Beacons::new(&rt).into();
        Ok(Vitrine { rt, beacons })
    }

    /// Records one behaviour event (`{ type: 'product_view', product: {...} }`); `at` defaults
    /// to now. Ignored without personalization consent. Throws a `TypeError` with code
    /// `event_invalid` naming the bad field.
    pub fn track(&self, event: JsValue) -> Result<(), JsValue> {
        self.alive()?;
        let now = self.rt.borrow().now();
        let event = shape::event(event, Some(now))?;
        runtime::track(&self.rt, event);
        Ok(())
    }

    /// Decides one slot for a page context without touching the page; returns the decision
    /// with its explanation as a plain object (for shops that render themselves).
    pub fn decide(&self, slot: String, context: JsValue) -> Result<JsValue, JsValue> {
        self.alive()?;
        let context = shape::context(context)?;
        let decisions = self.rt.borrow_mut().decide(&[slot.as_str()], context);
        shape::to_js(&decisions[0])
    }

    /// Fills every `[data-vitrine-slot]` under `root` (default: the document) for `context`
    /// and returns the decisions.
    pub fn render(&self, context: JsValue, root: Option<Element>) -> Result<JsValue, JsValue> {
        self.alive()?;
        let context = shape::context(context)?;
        let root = match root {
            Some(root) => root,
            None => crate::browser::render::document()
                .and_then(|d| d.document_element())
                .ok_or_else(|| js_error("no_document", "render() needs a page with a document"))?,
        };
        let decisions = runtime::render(&self.rt, &root, context)
            .map_err(|e| js_error("render_failed", format!("rendering failed: {e:?}")))?;
        shape::to_js(&decisions)
    }

    /// The decisions of the latest `render`.
    #[wasm_bindgen(js_name = lastDecisions)]
    pub fn last_decisions(&self) -> Result<JsValue, JsValue> {
        shape::to_js(&self.rt.borrow().last_decisions().to_vec())
    }

    /// A readable summary of the local profile (interests, intent, banner history, cart).
    pub fn profile(&self) -> Result<JsValue, JsValue> {
        let r = self.rt.borrow();
        shape::to_js(&summary::summarize(&r))
    }

    /// Writes pending events to storage now.
    pub async fn flush(&self) -> Result<(), JsValue> {
        runtime::flush(&self.rt).await;
        Ok(())
    }

    /// Updates consent, e.g. `{ personalization: 'denied' }`. Withdrawing personalization erases
    /// stored behaviour.
    pub async fn consent(&self, state: JsValue) -> Result<(), JsValue> {
        self.alive()?;
        let current = self.rt.borrow().consent();
        let next = options::consent_update(current, state)
            .map_err(|e| type_error("consent_invalid", format!("invalid consent: {e}")))?;
        runtime::set_consent(&self.rt, next).await;
        Ok(())
    }

    /// Everything Vitrine stores about this browser, as a plain object.
    #[wasm_bindgen(js_name = exportData)]
    pub async fn export_data(&self) -> Result<JsValue, JsValue> {
        runtime::flush(&self.rt).await;
        let measurement = runtime::Runtime::stored_measurement(&self.rt).await;
        let r = self.rt.borrow();
        shape::to_js(&summary::export(&r, measurement))
    }

    /// Erases everything stored (profile, events, bandit state, device id).
    pub async fn forget(&self) -> Result<(), JsValue> {
        runtime::forget(&self.rt).await
    }

    /// Writes pending events, then removes listeners, observers and timers. The instance is
    /// unusable afterwards (calls throw with code `destroyed`).
    pub async fn destroy(&self) -> Result<(), JsValue> {
        runtime::destroy(&self.rt).await;
        Ok(())
    }

    /// In-store beacons: `status()`, `start()`, `stop()`, `zones()`, `simulate()` (see
    /// [`Beacons`]).
    #[wasm_bindgen(getter)]
    pub fn beacons(&self) -> JsValue {
        self.beacons.clone()
    }

    /// Where things stand: storage kind, catalog version, consent.
    pub fn status(&self) -> Result<JsValue, JsValue> {
        shape::to_js(&summary::status(&self.rt.borrow()))
    }
}

impl Vitrine {
    fn alive(&self) -> Result<(), JsValue> {
        if self.rt.borrow().destroyed() {
            return Err(js_error(
                "destroyed",
                "this Vitrine instance was destroyed; call Vitrine.init again",
            ));
        }
        Ok(())
    }
}
