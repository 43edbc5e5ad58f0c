//! The SDK's state on one page and the flows that tie the adapters to the engine:
//! events -> (debounced, batched) storage -> profile -> decision -> render.
//!
//! The state lives in `Rc<RefCell<Runtime>>`. No borrow is ever held across an `.await`: async
//! flows copy what they need out, await, then borrow again to store the result.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use super::bluetooth::BeaconState;
use super::fetch::{self, Fetched};
use super::measurement::{self, MeasurementSettings};
use super::render::{self, banner, impressions::ImpressionWatcher};
use super::storage::{CachedCatalog, Store};
use crate::engine::catalog::refresh::RefreshPolicy;
use crate::engine::catalog::{Beacon, Catalog};
use crate::engine::decision::{self, Context, Inputs, SlotDecision};
use crate::engine::events::{Event, EventKind, OfferRef};
use crate::engine::measurement::Ledger;
use crate::engine::profile::{Profile, ProfileConfig};
use crate::engine::signature::{self, PublicKey};

/// How long after the last `track` the batch is written.
const FLUSH_DELAY_MS: u32 = 400;

/// Consent for one purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// Not decided yet: treated as denied until granted.
    Pending,
    /// Allowed.
    Granted,
    /// Refused.
    Denied,
}

/// Consent per purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consent {
    /// Using and storing behaviour to personalize banners.
    pub personalization: ConsentState,
    /// Aggregate, noise-protected measurement.
    pub measurement: ConsentState,
}

/// Settings fixed at `init`.
pub struct Settings {
    /// Where the catalog is fetched from; its signature is at the same URL plus `.sig`.
    pub catalog_url: Option<String>,
    /// Keys that may sign the catalog; empty means signatures are not checked.
    pub public_keys: Vec<PublicKey>,
    /// The IndexedDB database name.
    pub database: String,
    /// `false` keeps everything in memory even with consent (tests, kiosks).
    pub persist: bool,
    /// Request timeout.
    pub timeout_ms: u32,
    /// Fill slots added to the page later.
    pub observe: bool,
    /// Overrides the catalog's time zone.
    pub utc_offset_minutes: Option<i32>,
    /// Days of behaviour kept.
    pub retention_days: Option<u32>,
    /// Refresh timing.
    pub refresh: RefreshPolicy,
    /// A fixed clock (tests); else `Date.now()`.
    pub clock: Option<js_sys::Function>,
    /// A fixed seed (tests); else `Math.random()` per decision.
    pub seed: Option<u32>,
    /// Where errors are reported; else `console.warn`.
    pub on_error: Option<js_sys::Function>,
    /// Show a "Why this banner?" disclosure in each banner.
    pub disclosure: Option<banner::Disclosure>,
    /// Private aggregate measurement; `None` (the default) is off.
    pub measurement: Option<MeasurementSettings>,
}

/// Everything the SDK holds on one page.
pub struct Runtime {
    settings: Settings,
    store: Rc<Store>,
    catalog: Option<Rc<Catalog>>,
    cached: Option<CachedCatalog>,
    profile: Profile,
    config: ProfileConfig,
    device_id: String,
    pending: Vec<Event>,
    consent: Consent,
    context: Context,
    /// The root of the last `render`, rendered again when beacon presence changes.
    root: Option<Element>,
    last: Vec<SlotDecision>,
    decisions_made: u32,
    watcher: Option<ImpressionWatcher>,
    listeners: Vec<EventListener>,
    mutation_observer: Option<(web_sys::MutationObserver, JsValue)>,
    flush_timer: Option<Timeout>,
    beacons: BeaconState,
    destroyed: bool,
    /// Marks this instance's banners, so that two instances on one page never count each
    /// other's clicks.
    instance: String,
}

/// The shared handle.
pub type Shared = Rc<RefCell<Runtime>>;

/// Starts the SDK: storage, profile, cached catalog, then the network if there is no usable
/// cache. Errors that leave the SDK working (storage fallback, stale catalog) are reported
/// through `onError`, not returned.
pub async fn start(settings: Settings, consent: Consent, catalog_text: Option<String>) -> Shared {
    let allowed = consent.personalization == ConsentState::Granted;
    let store = open_store(&settings.database, allowed && settings.persist, |c, m| {
        report(&settings, c, m)
    })
    .await;
    let now = now_from(&settings);
    let config = ProfileConfig {
        retention_days: settings
            .retention_days
            .unwrap_or(ProfileConfig::default().retention_days),
        ..ProfileConfig::default()
    };
    let mut loaded = match store.load(&config, now).await {
        Ok(l) => l,
        Err(e) => {
            report(&settings, e.code(), &e.to_string());
            Default::default()
        }
    };
    for reset in &loaded.reset {
        report(&settings, reset.code(), &reset.to_string());
    }
    // Retention: what is older than the limit goes now, in memory and in storage.
    let before = loaded.profile.clone();
    loaded.profile.prune(now, &config);
    if loaded.profile != before {
        match store.commit(&[], &config, now).await {
            Ok(pruned) => loaded.profile = pruned,
            Err(e) => report(&settings, e.code(), &e.to_string()),
        }
    }
    let device_id = match loaded.device_id {
        Some(id) => id,
        None => {
            let id = random_id();
            if let Err(e) = store.save_device_id(&id).await {
                report(&settings, e.code(), &e.to_string());
            }
            id
        }
    };
    let rt = Rc::new(RefCell::new(Runtime {
        settings,
        store: Rc::new(store),
        catalog: None,
        cached: None,
        profile: loaded.profile,
        config,
        device_id,
        pending: Vec::new(),
        consent,
        context: Context::default(),
        root: None,
        last: Vec::new(),
        decisions_made: 0,
        watcher: None,
        listeners: Vec::new(),
        mutation_observer: None,
        flush_timer: None,
        beacons: BeaconState::default(),
        destroyed: false,
        instance: random_id(),
    }));
    install_page_listeners(&rt);
    match catalog_text {
        Some(text) => {
            if let Err((code, msg)) = Runtime::adopt(&rt, &text, None, None) {
                rt.borrow().report(code, &msg);
            }
        }
        None => {
            if let Some(cached) = loaded.catalog {
                let text = cached.text.clone();
                let sig = cached.signature.clone();
                match Runtime::adopt(&rt, &text, sig.as_deref(), Some(cached)) {
                    Ok(()) => {}
                    Err((code, msg)) => rt
                        .borrow()
                        .report(code, &format!("cached catalog dropped: {msg}")),
                }
            }
            let has_catalog = rt.borrow().catalog.is_some();
            if !has_catalog {
                refresh(&rt).await;
            } else if rt.borrow().refresh_due() {
                let rt2 = rt.clone();
                wasm_bindgen_futures::spawn_local(async move { refresh(&rt2).await });
            }
        }
    }
    if rt.borrow().measuring() {
        measurement::update(&rt, &[]).await;
    } else if loaded.measurement.is_some() {
        // Measurement was turned off or consent withdrawn since the ledger was written.
        let store = rt.borrow().store.clone();
        if let Err(e) = store.delete_measurement().await {
            rt.borrow().report(e.code(), &e.to_string());
        }
    }
    rt
}

/// IndexedDB when allowed and available; memory otherwise (the reason is reported).
async fn open_store(database: &str, persist: bool, report: impl Fn(&str, &str)) -> Store {
    if !persist {
        return Store::memory();
    }
    match Store::open(database).await {
        Ok(store) => store,
        Err(e) => {
            report(e.code(), &e.to_string());
            Store::memory()
        }
    }
}

/// Revalidates the catalog with the server (ETag), verifies and adopts a new one, and backs off
/// after failures. The last good catalog stays in use whatever happens.
pub async fn refresh(rt: &Shared) {
    let (url, etag, timeout, keyed) = {
        let r = rt.borrow();
        let Some(url) = r.settings.catalog_url.clone() else {
            return;
        };
        let etag = r.cached.as_ref().and_then(|c| c.etag.clone());
        (
            url,
            etag,
            r.settings.timeout_ms,
            !r.settings.public_keys.is_empty(),
        )
    };
    let etag = etag.filter(|_| rt.borrow().catalog.is_some());
    let outcome = fetch_catalog(&url, etag.as_deref(), timeout, keyed).await;
    let now = rt.borrow().now();
    let result = match outcome {
        Ok(None) => Ok(()),
        Ok(Some((text, signature, etag))) => {
            let cached = CachedCatalog {
                text: text.clone(),
                signature: signature.clone(),
                etag,
                checked_at: now,
                failures: 0,
                retry_at: 0,
            };
            Runtime::adopt(rt, &text, signature.as_deref(), Some(cached))
        }
        Err(e) => Err(e),
    };
    let cached = {
        let mut r = rt.borrow_mut();
        if let Err((code, msg)) = &result {
            r.report(code, &format!("{msg}; the last good catalog stays in use"));
        }
        let unit = js_sys::Math::random();
        let policy = r.settings.refresh;
        let Some(cached) = r.cached.as_mut() else {
            return;
        };
        match &result {
            Ok(()) => {
                cached.checked_at = now;
                cached.failures = 0;
                cached.retry_at = 0;
            }
            Err(_) => {
                cached.failures += 1;
                cached.retry_at = now + policy.backoff(cached.failures, unit);
            }
        }
        cached.clone()
    };
    let store = rt.borrow().store.clone();
    if let Err(e) = store.save_catalog(&cached).await {
        rt.borrow().report(e.code(), &e.to_string());
    }
}

type Failure = (&'static str, String);

/// See [`Runtime::measurement_inputs`].
pub(super) type MeasurementInputs = (
    MeasurementSettings,
    Rc<Store>,
    i64,
    i32,
    Option<Rc<Catalog>>,
);

/// The catalog (and its signature when keys are configured), or `None` when the cache is current.
async fn fetch_catalog(
    url: &str,
    etag: Option<&str>,
    timeout: u32,
    keyed: bool,
) -> Result<Option<(String, Option<String>, Option<String>)>, Failure> {
    let fetched = fetch::get(url, etag, timeout).await.map_err(|e| {
        let msg = format!("could not fetch the catalog from {url}: {e}");
        ("catalog_fetch_failed", msg)
    })?;
    let Fetched::Fresh { text, etag } = fetched else {
        return Ok(None);
    };
    if !keyed {
        return Ok(Some((text, None, etag)));
    }
    let sig_url = format!("{url}.sig");
    let signature = fetch::get_text(&sig_url, timeout).await.map_err(|e| {
        let missing = signature::SignatureError::Missing;
        (
            missing.code(),
            format!("{missing} (fetching {sig_url}: {e})"),
        )
    })?;
    Ok(Some((text, Some(signature), etag)))
}

impl Runtime {
    /// Verifies (when keys are configured) and parses a catalog, and makes it current.
    fn adopt(
        rt: &Shared,
        text: &str,
        signature: Option<&str>,
        cached: Option<CachedCatalog>,
    ) -> Result<(), Failure> {
        let mut r = rt.borrow_mut();
        if cached.is_some() && !r.settings.public_keys.is_empty() {
            let sig = signature.ok_or_else(|| {
                let e = signature::SignatureError::Missing;
                (e.code(), e.to_string())
            })?;
            signature::verify(text.as_bytes(), sig, &r.settings.public_keys)
                .map_err(|e| (e.code(), e.to_string()))?;
        }
        let catalog = Catalog::from_json(text)
            .map_err(|e| ("catalog_invalid", format!("invalid catalog: {e}")))?;
        r.config = ProfileConfig {
            utc_offset_minutes: r
                .settings
                .utc_offset_minutes
                .unwrap_or(catalog.utc_offset_minutes),
            retention_days: r.settings.retention_days.unwrap_or(r.config.retention_days),
            ..r.config.clone()
        };
        r.catalog = Some(Rc::new(catalog));
        if cached.is_some() {
            r.cached = cached;
        }
        Ok(())
    }

    fn refresh_due(&self) -> bool {
        let now = self.now();
        self.cached
            .as_ref()
            .is_none_or(|c| self.settings.refresh.due(c.checked_at, c.retry_at, now))
    }

    /// Now, from the fixed clock or `Date.now()`.
    pub fn now(&self) -> i64 {
        now_from(&self.settings)
    }

    /// Reports a non-fatal problem through `onError` (or the console).
    pub fn report(&self, code: &str, message: &str) {
        report(&self.settings, code, message);
    }

    /// Whether behaviour may be recorded and used.
    pub fn personalizing(&self) -> bool {
        self.consent.personalization == ConsentState::Granted
    }

    /// Whether aggregate measurement is on and both purposes are granted (Global Privacy
    /// Control already turned measurement consent into `denied`).
    pub fn measuring(&self) -> bool {
        self.settings.measurement.is_some()
            && self.personalizing()
            && self.consent.measurement == ConsentState::Granted
            && !self.destroyed
    }

    /// What a measurement update needs: settings, store, now, the shop's UTC offset, catalog.
    pub(super) fn measurement_inputs(&self) -> Option<MeasurementInputs> {
        let settings = self
            .settings
            .measurement
            .clone()
            .filter(|_| self.measuring())?;
        let offset = self.config.utc_offset_minutes;
        Some((
            settings,
            self.store.clone(),
            self.now(),
            offset,
            self.catalog.clone(),
        ))
    }

    /// The stored measurement ledger, for `exportData`.
    pub async fn stored_measurement(rt: &Shared) -> Option<Ledger> {
        let store = rt.borrow().store.clone();
        let text = store.load_measurement().await.ok().flatten()?;
        serde_json::from_str(&text).ok()
    }

    /// The current consent.
    pub fn consent(&self) -> Consent {
        self.consent
    }

    /// The profile as of now (committed plus pending events).
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The profile settings in force.
    pub fn profile_config(&self) -> &ProfileConfig {
        &self.config
    }

    /// The current catalog.
    pub fn catalog(&self) -> Option<&Catalog> {
        self.catalog.as_deref()
    }

    /// The last render's decisions.
    pub fn last_decisions(&self) -> &[SlotDecision] {
        &self.last
    }

    /// Whether storage outlives the page.
    pub fn persistent(&self) -> bool {
        self.store.is_persistent()
    }

    /// The device id.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The catalog's beacons (none without a catalog) and the beacon state, borrowed apart.
    pub fn beacons(&mut self) -> (&[Beacon], &mut BeaconState) {
        let beacons = self.catalog.as_deref().map_or(&[][..], |c| &c.beacons);
        (beacons, &mut self.beacons)
    }

    /// Whether `destroy` was called.
    pub fn destroyed(&self) -> bool {
        self.destroyed
    }

    /// Decides `slots` for `context` (its `now` filled in when zero).
    pub fn decide(&mut self, slots: &[&str], mut context: Context) -> Vec<SlotDecision> {
        if context.now == 0 {
            context.now = self.now();
        }
        let Some(catalog) = self.catalog.clone() else {
            return slots.iter().map(|s| no_catalog(s)).collect();
        };
        let seed = match self.settings.seed {
            Some(seed) => u64::from(seed) + u64::from(self.decisions_made),
            None => (js_sys::Math::random() * u32::MAX as f64) as u64,
        };
        self.decisions_made += 1;
        let empty = Profile::new();
        let inputs = Inputs {
            catalog: &catalog,
            profile: if self.personalizing() {
                &self.profile
            } else {
                &empty
            },
            config: &self.config,
            device_id: &self.device_id,
            personalization_allowed: self.personalizing(),
        };
        decision::decide(&inputs, &context, slots, seed)
    }
}

fn now_from(settings: &Settings) -> i64 {
    let from_clock = settings
        .clock
        .as_ref()
        .and_then(|f| f.call0(&JsValue::NULL).ok())
        .and_then(|v| v.as_f64());
    from_clock.unwrap_or_else(js_sys::Date::now) as i64
}

fn no_catalog(slot: &str) -> SlotDecision {
    SlotDecision {
        slot: slot.to_owned(),
        offer: None,
        mode: decision::Mode::NonPersonalized,
        explanation: decision::Explanation {
            summary: "No catalog is available yet, so the page's own content is shown.".into(),
            matched_rule: None,
            features: Vec::new(),
            interests: Vec::new(),
            expected_ctr: None,
            removed: Vec::new(),
            candidates: 0,
        },
    }
}

/// Records an event (stamped with `now` if it has no time) and schedules a write.
pub fn track(rt: &Shared, event: Event) {
    let mut r = rt.borrow_mut();
    if !r.personalizing() || r.destroyed {
        return;
    }
    let r = &mut *r;
    r.profile.apply(&event, &r.config);
    r.pending.push(event);
    if r.flush_timer.is_none() {
        let rt2 = rt.clone();
        r.flush_timer = Some(Timeout::new(FLUSH_DELAY_MS, move || {
            wasm_bindgen_futures::spawn_local(async move { flush(&rt2).await });
        }));
    }
}

/// Appends pending events to storage. On failure they stay pending for the next attempt; the
/// in-memory profile already has them either way.
pub async fn flush(rt: &Shared) {
    let (events, store, config, now) = {
        let mut r = rt.borrow_mut();
        r.flush_timer = None;
        if r.pending.is_empty() {
            return;
        }
        (
            std::mem::take(&mut r.pending),
            r.store.clone(),
            r.config.clone(),
            r.now(),
        )
    };
    match store.append(&events, &config, now).await {
        Ok(()) => measurement::update(rt, &events).await,
        Err(e) => {
            let mut r = rt.borrow_mut();
            r.report(e.code(), &e.to_string());
            let newer = std::mem::replace(&mut r.pending, events);
            r.pending.extend(newer);
        }
    }
}

/// Saves pending events with one append that completes even if the page goes away now.
pub fn stash(rt: &Shared) {
    let mut r = rt.borrow_mut();
    if r.pending.is_empty() {
        return;
    }
    r.flush_timer = None;
    let events = std::mem::take(&mut r.pending);
    let now = r.now();
    if let Err(e) = r.store.stash(&events, &r.config, now) {
        r.report(e.code(), &e.to_string());
        r.pending = events;
    } else if r.measuring() {
        // Best effort: the page may be gone before this update completes.
        let rt = rt.clone();
        wasm_bindgen_futures::spawn_local(async move { measurement::update(&rt, &events).await });
    }
}

/// Fills every slot under `root` for `context`, in one decision so a campaign shows at most
/// once per page. Slots without an eligible offer keep their fallback content.
pub fn render(rt: &Shared, root: &Element, context: Context) -> Result<Vec<SlotDecision>, JsValue> {
    let slots: Vec<(Element, String)> = render::slots(root)?
        .into_iter()
        .filter_map(|el| render::slot_name(&el).map(|n| (el, n)))
        .collect();
    for (el, _) in &slots {
        render::mark_loading(el);
    }
    {
        let mut r = rt.borrow_mut();
        r.context = context.clone();
        r.root = Some(root.clone());
    }
    let names: Vec<&str> = slots.iter().map(|(_, n)| n.as_str()).collect();
    let decisions = rt.borrow_mut().decide(&names, context);
    ensure_watcher(rt)?;
    let doc = root
        .owner_document()
        .ok_or("the root element has no document")?;
    for ((el, name), d) in slots.iter().zip(&decisions) {
        match &d.offer {
            Some(offer) => {
                let why = rt.borrow().settings.disclosure.clone();
                let why = why.as_ref().map(|w| (w, d.explanation.summary.as_str()));
                let banner = banner::build(&doc, &offer.id, name, &offer.creative, why)?;
                banner.set_attribute(INSTANCE_ATTR, &rt.borrow().instance)?;
                render::show(el, &banner)?;
                if let Some(w) = rt.borrow().watcher.as_ref() {
                    w.watch(&banner);
                }
            }
            None => render::restore(el)?,
        }
    }
    rt.borrow_mut().last = decisions.clone();
    Ok(decisions)
}

/// Renders the last render's root again with its context, after something rules read changed
/// (beacon presence). Does nothing before the first render or once that root left the page.
pub fn rerender(rt: &Shared) {
    let (root, context) = {
        let r = rt.borrow();
        (r.root.clone(), r.context.clone())
    };
    let Some(root) = root.filter(|root| root.is_connected()) else {
        return;
    };
    if let Err(e) = render(rt, &root, context) {
        rt.borrow()
            .report("render_failed", &format!("rendering failed: {e:?}"));
    }
}

fn ensure_watcher(rt: &Shared) -> Result<(), JsValue> {
    if rt.borrow().watcher.is_some() {
        return Ok(());
    }
    let weak = Rc::downgrade(rt);
    let watcher = ImpressionWatcher::new(move |banner| {
        if let (Some(rt), Some(offer)) = (weak.upgrade(), offer_ref(banner)) {
            let at = rt.borrow().now();
            track(
                &rt,
                Event {
                    at,
                    kind: EventKind::Impression(offer),
                },
            );
        }
    })?;
    rt.borrow_mut().watcher = Some(watcher);
    Ok(())
}

const INSTANCE_ATTR: &str = "data-vitrine-instance";

/// The offer and slot a banner element shows.
fn offer_ref(banner: &Element) -> Option<OfferRef> {
    let offer = banner.get_attribute("data-vitrine-offer")?;
    let slot = banner
        .closest(&format!("[{}]", render::SLOT_ATTR))
        .ok()
        .flatten()
        .and_then(|s| render::slot_name(&s))?;
    Some(OfferRef { offer, slot })
}

/// Clicks and dismissals (one delegated listener), and flushing when the page is hidden.
fn install_page_listeners(rt: &Shared) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else { return };
    let mut listeners = Vec::new();
    let weak = Rc::downgrade(rt);
    // Not passive: the dismiss button's default action is prevented.
    let options = EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: false,
    };
    listeners.push(EventListener::new_with_options(
        &doc,
        "click",
        options,
        move |event| {
            let Some(rt) = weak.upgrade() else { return };
            let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            let Ok(Some(banner)) = target.closest(&format!(".{}", banner::BANNER)) else {
                return;
            };
            let ours = banner.get_attribute(INSTANCE_ATTR) == Some(rt.borrow().instance.clone());
            let Some(offer) = offer_ref(&banner).filter(|_| ours) else {
                return;
            };
            let at = rt.borrow().now();
            let dismissed = matches!(
                target.closest(&format!(".{}", banner::DISMISS)),
                Ok(Some(_))
            );
            if dismissed {
                event.prevent_default();
                if let Ok(Some(slot)) = banner.closest(&format!("[{}]", render::SLOT_ATTR)) {
                    let _ = render::restore(&slot);
                }
                track(
                    &rt,
                    Event {
                        at,
                        kind: EventKind::Dismiss(offer),
                    },
                );
            } else {
                track(
                    &rt,
                    Event {
                        at,
                        kind: EventKind::Click(offer),
                    },
                );
            }
            // A click usually navigates away: write now rather than after the debounce.
            wasm_bindgen_futures::spawn_local(async move { flush(&rt).await });
        },
    ));
    for (target, name) in [
        (window.as_ref(), "pagehide"),
        (doc.as_ref(), "visibilitychange"),
    ] {
        let weak = Rc::downgrade(rt);
        let doc = doc.clone();
        listeners.push(EventListener::new(target, name, move |event| {
            let hidden = event.type_() == "pagehide"
                || doc.visibility_state() == web_sys::VisibilityState::Hidden;
            if let (true, Some(rt)) = (hidden, weak.upgrade()) {
                stash(&rt);
            }
        }));
    }
    rt.borrow_mut().listeners = listeners;
}

/// Renders slots that appear later (single-page apps), with the last render's context.
pub fn observe(rt: &Shared) -> Result<(), JsValue> {
    let Some(doc) = render::document() else {
        return Ok(());
    };
    let Some(body) = doc.body() else {
        return Ok(());
    };
    let weak = Rc::downgrade(rt);
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |records: js_sys::Array| {
            let Some(rt) = weak.upgrade() else { return };
            for record in records.iter() {
                let record: web_sys::MutationRecord = record.unchecked_into();
                let added = record.added_nodes();
                for i in 0..added.length() {
                    let Some(el) = added.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                        continue;
                    };
                    let fresh = render::slots(&el)
                        .unwrap_or_default()
                        .iter()
                        .any(|s| !s.class_list().contains(render::FILLED));
                    if fresh {
                        let context = rt.borrow().context.clone();
                        if let Err(e) = render(&rt, &el, context) {
                            rt.borrow().report("render_failed", &format!("{e:?}"));
                        }
                    }
                }
            }
        },
    );
    let observer = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref())?;
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    observer.observe_with_options(&body, &init)?;
    rt.borrow_mut().mutation_observer = Some((observer, callback.into_js_value()));
    Ok(())
}

/// Changes consent. Withdrawing personalization erases stored behaviour and switches to memory;
/// granting it opens persistent storage for what comes next. Withdrawing either purpose
/// deletes the measurement ledger.
pub async fn set_consent(rt: &Shared, consent: Consent) {
    let (was, was_measuring, store) = {
        let mut r = rt.borrow_mut();
        let was = (r.personalizing(), r.measuring());
        r.consent = consent;
        (was.0, was.1, r.store.clone())
    };
    if was_measuring && !rt.borrow().measuring() {
        if let Err(e) = store.delete_measurement().await {
            rt.borrow().report(e.code(), &e.to_string());
        }
    }
    let now = rt.borrow().personalizing();
    if was && !now {
        let at = rt.borrow().now();
        if let Err(e) = store.erase(at).await {
            rt.borrow().report(e.code(), &e.to_string());
        }
        let mut r = rt.borrow_mut();
        r.store = Rc::new(Store::memory());
        r.profile = Profile::new();
        r.pending.clear();
        r.device_id = random_id();
    } else if !was && now {
        let (database, persist) = {
            let r = rt.borrow();
            (r.settings.database.clone(), r.settings.persist)
        };
        let weak = Rc::downgrade(rt);
        let store = open_store(&database, persist, move |code, msg| {
            if let Some(rt) = weak.upgrade() {
                rt.borrow().report(code, msg);
            }
        })
        .await;
        let (config, now) = {
            let r = rt.borrow();
            (r.config.clone(), r.now())
        };
        let loaded = store.load(&config, now).await.unwrap_or_default();
        let id = {
            let mut r = rt.borrow_mut();
            r.profile = loaded.profile;
            if let Some(id) = loaded.device_id {
                r.device_id = id;
            }
            r.store = Rc::new(store);
            r.device_id.clone()
        };
        let store = rt.borrow().store.clone();
        if let Err(e) = store.save_device_id(&id).await {
            rt.borrow().report(e.code(), &e.to_string());
        }
    }
}

/// Erases everything stored and starts over with an empty profile and a new device id.
pub async fn forget(rt: &Shared) -> Result<(), JsValue> {
    let store = {
        let mut r = rt.borrow_mut();
        r.pending.clear();
        r.flush_timer = None;
        r.profile = Profile::new();
        r.store.clone()
    };
    let at = rt.borrow().now();
    store
        .erase(at)
        .await
        .map_err(|e| super::js_error::js_error(e.code(), e))?;
    let id = random_id();
    rt.borrow_mut().device_id = id.clone();
    if rt.borrow().personalizing() {
        let _ = store.save_device_id(&id).await;
    }
    Ok(())
}

/// Stops everything: listeners, observers, timers. Pending events are written first.
pub async fn destroy(rt: &Shared) {
    flush(rt).await;
    let mut r = rt.borrow_mut();
    r.destroyed = true;
    r.listeners.clear();
    r.beacons.teardown();
    r.root = None;
    r.flush_timer = None;
    if let Some(w) = r.watcher.take() {
        w.disconnect();
    }
    if let Some((observer, _)) = r.mutation_observer.take() {
        observer.disconnect();
    }
}

fn report(settings: &Settings, code: &str, message: &str) {
    let error = super::js_error::js_error(code, message);
    match &settings.on_error {
        Some(f) => {
            let _ = f.call1(&JsValue::NULL, &error);
        }
        None => web_sys::console::warn_2(&JsValue::from_str("vitrine:"), &error),
    }
}

/// A random device id (`crypto.randomUUID()`, else `Math.random`).
fn random_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}
