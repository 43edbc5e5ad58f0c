//! Impression counting: a banner counts as seen once at least half of it has been visible for
//! one second without interruption (IntersectionObserver plus a timer per banner).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// How much of the banner must be visible.
pub const VISIBLE_SHARE: f64 = 0.5;
/// For how long, in milliseconds.
pub const VISIBLE_FOR_MS: u32 = 1_000;
const COUNTED_ATTR: &str = "data-vitrine-seen";
const ID_ATTR: &str = "data-vitrine-banner";

type OnSeen = Rc<dyn Fn(&Element)>;

/// Watches banners and calls back once per banner when it has been seen.
pub struct ImpressionWatcher {
    observer: IntersectionObserver,
    timers: Rc<RefCell<HashMap<String, Timeout>>>,
    next_id: RefCell<u32>,
    _callback: Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>,
}

impl ImpressionWatcher {
    /// A watcher calling `on_seen(banner)` for each banner that meets the visibility rule.
    pub fn new(on_seen: impl Fn(&Element) + 'static) -> Result<ImpressionWatcher, JsValue> {
        let on_seen: OnSeen = Rc::new(on_seen);
        let timers: Rc<RefCell<HashMap<String, Timeout>>> = Rc::default();
        let timers_cb = timers.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                for entry in entries.iter() {
                    let entry: IntersectionObserverEntry = entry.unchecked_into();
                    on_entry(&entry, &observer, &timers_cb, &on_seen);
                }
            },
        );
        let options = IntersectionObserverInit::new();
        options.set_threshold(&JsValue::from(VISIBLE_SHARE));
        let observer =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)?;
        Ok(ImpressionWatcher {
            observer,
            timers,
            next_id: RefCell::new(0),
            _callback: callback,
        })
    }

    /// Starts watching a freshly rendered banner.
    pub fn watch(&self, banner: &Element) {
        let mut next = self.next_id.borrow_mut();
        *next += 1;
        let _ = banner.set_attribute(ID_ATTR, &next.to_string());
        self.observer.observe(banner);
    }

    /// Stops watching everything and cancels pending timers.
    pub fn disconnect(&self) {
        self.observer.disconnect();
        self.timers.borrow_mut().clear();
    }
}

impl Drop for ImpressionWatcher {
    fn drop(&mut self) {
        self.disconnect();
    }
}

fn on_entry(
    entry: &IntersectionObserverEntry,
    observer: &IntersectionObserver,
    timers: &Rc<RefCell<HashMap<String, Timeout>>>,
    on_seen: &OnSeen,
) {
    let banner = entry.target();
    let Some(id) = banner.get_attribute(ID_ATTR) else {
        return;
    };
    if banner.has_attribute(COUNTED_ATTR) {
        return;
    }
    let visible = entry.is_intersecting() && entry.intersection_ratio() >= VISIBLE_SHARE - 1e-6;
    if !visible {
        // Dropping the timer cancels it: the second must be uninterrupted.
        timers.borrow_mut().remove(&id);
        return;
    }
    let (timers_done, on_seen, observer, key) = (
        timers.clone(),
        on_seen.clone(),
        observer.clone(),
        id.clone(),
    );
    let timer = Timeout::new(VISIBLE_FOR_MS, move || {
        timers_done.borrow_mut().remove(&key);
        if banner.is_connected() && !banner.has_attribute(COUNTED_ATTR) {
            let _ = banner.set_attribute(COUNTED_ATTR, "");
            observer.unobserve(&banner);
            on_seen(&banner);
        }
    });
    timers.borrow_mut().insert(id, timer);
}
