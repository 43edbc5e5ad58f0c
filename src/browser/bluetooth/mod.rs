//! In-store beacons over Web Bluetooth (wasm32 only): feature detection, the two ways a page
//! can receive advertisements, and the wiring from an advertisement to the profile.
//!
//! * **Scanning** (`navigator.bluetooth.requestLEScan`), preferred when present: one prompt,
//!   then every advertisement of the catalog's beacons.
//! * **Watching** (`requestDevice` + `device.watchAdvertisements()`): the shopper picks one
//!   beacon in the browser's chooser; each `start()` adds one more.
//!
//! Both feed [`receive`]: parse (engine parsers) -> match the catalog's declared beacons ->
//! [`Presence`] (proximity tracker, clock from the runtime's `now()`) -> `beacon_enter` /
//! `beacon_exit` events through [`runtime::track`] (which drops them without consent) -> the
//! last render is rendered again, so a zone-targeted offer appears (or goes) by itself.
//! `vitrine.beacons.simulate` enters at [`receive`] too. A 1 s interval ticks the tracker so
//! beacons that go silent are left. Nothing about beacons is ever sent anywhere: advertisements
//! live in memory, and only the enter/exit events are stored, on this device, with consent.

mod bindings;
mod detect;
mod error;
mod read;
mod request;
mod session;

use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::runtime::{self, Shared};
use crate::engine::beacon::{Advertisement, BeaconZone, Presence, PresenceChange};
use crate::engine::events::{Event, EventKind};
pub use error::StartError;
use request::Wanted;
use session::Session;

/// How often lost beacons are looked for, in ms.
const TICK_MS: u32 = 1_000;

/// What `vitrine.beacons.status()` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The browser has no Web Bluetooth.
    Unsupported,
    /// Supported, not running.
    Idle,
    /// The last `start()` was refused permission.
    PermissionDenied,
    /// Advertisements are coming in.
    Scanning,
}

impl Status {
    /// `Unsupported` without Web Bluetooth, else `Idle`: the status of no running session.
    pub fn detect() -> Self {
        if detect::bluetooth().is_none() {
            Self::Unsupported
        } else {
            Self::Idle
        }
    }

    /// The string JS sees.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unsupported => "unsupported",
            Self::Idle => "idle",
            Self::PermissionDenied => "permission_denied",
            Self::Scanning => "scanning",
        }
    }
}

/// Which acquisition path `start()` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Scanning when the browser has it, else watching a picked device.
    #[default]
    Auto,
    /// `requestLEScan` only.
    Scan,
    /// `requestDevice` + `watchAdvertisements` only.
    Watch,
}

impl Method {
    /// `'auto'`, `'scan'` or `'watch'`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "auto" => Some(Self::Auto),
            "scan" => Some(Self::Scan),
            "watch" => Some(Self::Watch),
            _ => None,
        }
    }
}

/// The runtime's beacon state.
#[derive(Default)]
pub struct BeaconState {
    presence: Presence,
    session: Option<Session>,
    ticker: Option<Interval>,
    denied: bool,
}

impl BeaconState {
    /// Stops scanning and ticking (on `destroy()`); presence is forgotten without events.
    pub fn teardown(&mut self) {
        self.session = None;
        self.ticker = None;
        self.presence = Presence::new();
    }

    fn status(&self) -> Status {
        if self.session.as_ref().is_some_and(Session::is_active) {
            Status::Scanning
        } else if self.denied {
            Status::PermissionDenied
        } else {
            Status::detect()
        }
    }
}

/// The current status.
pub fn status(rt: &Shared) -> Status {
    rt.borrow_mut().beacons().1.status()
}

/// The live zone of every catalog beacon.
pub fn zones(rt: &Shared) -> Vec<BeaconZone> {
    let mut r = rt.borrow_mut();
    let (beacons, state) = r.beacons();
    state.presence.zones(beacons)
}

/// Starts receiving advertisements of the catalog's beacons. Must run within a user gesture
/// (the browser shows a permission prompt or a device chooser).
pub async fn start(rt: &Shared, method: Method) -> Result<(), StartError> {
    if rt.borrow().destroyed() {
        return Err(StartError::Destroyed);
    }
    let bluetooth = detect::bluetooth().ok_or(StartError::Unsupported {
        missing: "navigator.bluetooth",
    })?;
    let wanted = Wanted::from(rt.borrow_mut().beacons().0);
    if wanted.is_empty() {
        return Err(StartError::NoBeacons);
    }
    let scan = match method {
        Method::Auto => detect::has_method(&bluetooth, "requestLEScan"),
        Method::Scan => true,
        Method::Watch => false,
    };
    let (needed, missing) = if scan {
        ("requestLEScan", "navigator.bluetooth.requestLEScan")
    } else {
        ("requestDevice", "navigator.bluetooth.requestDevice")
    };
    if !detect::has_method(&bluetooth, needed) {
        return Err(StartError::Unsupported { missing });
    }
    let result = if scan {
        start_scan(rt, &bluetooth, &wanted).await
    } else {
        start_watch(rt, &bluetooth, &wanted).await
    };
    let mut r = rt.borrow_mut();
    let state = r.beacons().1;
    state.denied = matches!(result, Err(StartError::PermissionDenied(_)));
    result?;
    if !state.session.as_ref().is_some_and(|s| s.is_active()) {
        return Ok(());
    }
    drop(r);
    install_visibility_listener(rt);
    ensure_ticker(rt);
    Ok(())
}

async fn start_scan(
    rt: &Shared,
    bluetooth: &bindings::Bluetooth,
    wanted: &Wanted,
) -> Result<(), StartError> {
    if rt
        .borrow_mut()
        .beacons()
        .1
        .session
        .as_ref()
        .is_some_and(Session::is_scanning)
    {
        return Ok(());
    }
    let promise = bluetooth
        .request_le_scan(&wanted.scan_options())
        .map_err(dom_error)?;
    let scan: bindings::BluetoothLeScan = JsFuture::from(promise)
        .await
        .map_err(dom_error)?
        .unchecked_into();
    let listener = advertisement_listener(rt, bluetooth);
    if rt.borrow().destroyed() {
        let _ = scan.stop();
        return Err(StartError::Destroyed);
    }
    let mut r = rt.borrow_mut();
    let state = r.beacons().1;
    state
        .session
        .get_or_insert_with(Session::default)
        .add_scan(scan, listener);
    Ok(())
}

async fn start_watch(
    rt: &Shared,
    bluetooth: &bindings::Bluetooth,
    wanted: &Wanted,
) -> Result<(), StartError> {
    let promise = bluetooth
        .request_device(&wanted.device_options())
        .map_err(dom_error)?;
    let device: bindings::BluetoothDevice = JsFuture::from(promise)
        .await
        .map_err(dom_error)?
        .unchecked_into();
    let controller = web_sys::AbortController::new().map_err(dom_error)?;
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"signal".into(), &controller.signal());
    // Listen first: the first advertisement may arrive before the promise resolves.
    let listener = advertisement_listener(rt, &device);
    let watching = device.watch_advertisements(&options).map_err(dom_error)?;
    JsFuture::from(watching).await.map_err(dom_error)?;
    if rt.borrow().destroyed() {
        controller.abort();
        return Err(StartError::Destroyed);
    }
    let mut r = rt.borrow_mut();
    let state = r.beacons().1;
    state
        .session
        .get_or_insert_with(Session::default)
        .add_watch(controller, listener);
    Ok(())
}

/// Stops receiving; the beacons the shopper was at are left (exit events).
pub fn stop(rt: &Shared) {
    let changes = {
        let mut r = rt.borrow_mut();
        let now = now_ms(&r);
        let state = r.beacons().1;
        state.session = None;
        state.ticker = None;
        state.presence.clear(now)
    };
    apply(rt, changes);
}

/// Feeds one advertisement (real or simulated) through presence to the profile.
pub fn receive(rt: &Shared, advertisement: &Advertisement) {
    let changes = {
        let mut r = rt.borrow_mut();
        if r.destroyed() {
            return;
        }
        let now = now_ms(&r);
        let (beacons, state) = r.beacons();
        state.presence.observe(beacons, advertisement, now)
    };
    apply(rt, changes);
    ensure_ticker(rt);
}

/// Why `simulate` refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimulateError {
    /// The catalog declares no beacon with this id.
    UnknownBeacon {
        /// The id asked for.
        beacon: String,
        /// The ids the catalog declares.
        declared: Vec<String>,
    },
}

impl std::fmt::Display for SimulateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownBeacon { beacon, declared } if declared.is_empty() => write!(
                f,
                "no beacon `{beacon}`: the current catalog declares no beacons (or none is loaded yet)"
            ),
            Self::UnknownBeacon { beacon, declared } => write!(
                f,
                "no beacon `{beacon}` in the catalog; declared beacons: {}",
                declared.join(", ")
            ),
        }
    }
}

/// Builds the advertisement catalog beacon `beacon` would send, received at `rssi`, and
/// feeds it to [`receive`].
pub fn simulate(rt: &Shared, beacon: &str, rssi: i16) -> Result<(), SimulateError> {
    let advertisement = {
        let mut r = rt.borrow_mut();
        let beacons = r.beacons().0;
        let found = beacons.iter().find(|b| b.id == beacon);
        match found {
            Some(b) => Advertisement::simulated(b, rssi),
            None => {
                return Err(SimulateError::UnknownBeacon {
                    beacon: beacon.to_owned(),
                    declared: beacons.iter().map(|b| b.id.clone()).collect(),
                })
            }
        }
    };
    receive(rt, &advertisement);
    Ok(())
}

/// Records presence changes as profile events and shows what they change on the page.
fn apply(rt: &Shared, changes: Vec<PresenceChange>) {
    if changes.is_empty() {
        return;
    }
    for change in changes {
        let (beacon, at_ms, enter) = match change {
            PresenceChange::Arrived { beacon, at_ms } => (beacon, at_ms, true),
            PresenceChange::Left { beacon, at_ms } => (beacon, at_ms, false),
        };
        let kind = if enter {
            EventKind::BeaconEnter { beacon }
        } else {
            EventKind::BeaconExit { beacon }
        };
        let at = i64::try_from(at_ms).unwrap_or(i64::MAX);
        runtime::track(rt, Event { at, kind });
    }
    // Without consent nothing was recorded, so no decision can change.
    if rt.borrow().personalizing() {
        runtime::rerender(rt);
    }
}

/// Calls [`receive`] for every `advertisementreceived` event on `target`.
fn advertisement_listener(rt: &Shared, target: &web_sys::EventTarget) -> EventListener {
    let weak = Rc::downgrade(rt);
    EventListener::new(target, "advertisementreceived", move |event| {
        let event: &bindings::BluetoothAdvertisingEvent = event.unchecked_ref();
        if let (Some(rt), Some(ad)) = (weak.upgrade(), read::advertisement(event)) {
            receive(&rt, &ad);
        }
    })
}

/// Browsers end scans and watches when the page is hidden: stop cleanly and say so.
fn install_visibility_listener(rt: &Shared) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let weak = Rc::downgrade(rt);
    let target = doc.clone();
    let listener = EventListener::new(&target, "visibilitychange", move |_| {
        if doc.visibility_state() != web_sys::VisibilityState::Hidden {
            return;
        }
        let Some(rt) = weak.upgrade() else { return };
        // Deferred: stopping drops this listener, which must not happen while it runs.
        wasm_bindgen_futures::spawn_local(async move {
            if status(&rt) != Status::Scanning {
                return;
            }
            stop(&rt);
            rt.borrow().report(
                "bluetooth_stopped",
                "beacon scanning stopped because the page was hidden; call beacons.start() again from a user gesture",
            );
        });
    });
    let mut r = rt.borrow_mut();
    if let Some(session) = r.beacons().1.session.as_mut() {
        if session.is_active() {
            session.add_listener(listener);
        }
    }
}

/// Ticks the tracker every second while anything is tracked or a session runs.
fn ensure_ticker(rt: &Shared) {
    let mut r = rt.borrow_mut();
    let state = r.beacons().1;
    if state.ticker.is_some() {
        return;
    }
    let weak = Rc::downgrade(rt);
    state.ticker = Some(Interval::new(TICK_MS, move || {
        let Some(rt) = weak.upgrade() else { return };
        let (changes, idle) = {
            let mut r = rt.borrow_mut();
            let now = now_ms(&r);
            let (beacons, state) = r.beacons();
            let changes = state.presence.tick(beacons, now);
            let idle = state.session.is_none() && !state.presence.is_tracking();
            (changes, idle)
        };
        apply(&rt, changes);
        if idle {
            // Deferred: dropping the interval inside its own callback is not allowed.
            wasm_bindgen_futures::spawn_local(async move {
                let mut r = rt.borrow_mut();
                let state = r.beacons().1;
                if state.session.is_none() && !state.presence.is_tracking() {
                    state.ticker = None;
                }
            });
        }
    }));
}

fn now_ms(r: &runtime::Runtime) -> u64 {
    u64::try_from(r.now()).unwrap_or(0)
}

/// A `StartError` from a rejected promise or a thrown exception.
fn dom_error(error: JsValue) -> StartError {
    let field = |name: &str| {
        Reflect::get(&error, &name.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let message = match field("message") {
        m if m.is_empty() => format!("{error:?}"),
        m => m,
    };
    StartError::from_dom(&field("name"), message)
}
