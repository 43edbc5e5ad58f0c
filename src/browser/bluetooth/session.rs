//! The browser resources of a running beacon session: scans, watched devices and their
//! listeners. Dropping a [`Session`] stops all of them.

use gloo_events::EventListener;

use super::bindings::BluetoothLeScan;

/// One way advertisements are coming in.
enum Source {
    /// A `requestLEScan` scan; stopped with `scan.stop()`.
    Scan(BluetoothLeScan),
    /// A device's `watchAdvertisements`; stopped by aborting its signal.
    Watch(web_sys::AbortController),
}

/// Everything a running session holds.
#[derive(Default)]
pub struct Session {
    sources: Vec<Source>,
    listeners: Vec<EventListener>,
}

impl Session {
    /// Adds a running scan and its `advertisementreceived` listener.
    pub fn add_scan(&mut self, scan: BluetoothLeScan, listener: EventListener) {
        self.sources.push(Source::Scan(scan));
        self.listeners.push(listener);
    }

    /// Adds a watched device (its abort controller) and its listener.
    pub fn add_watch(&mut self, controller: web_sys::AbortController, listener: EventListener) {
        self.sources.push(Source::Watch(controller));
        self.listeners.push(listener);
    }

    /// Adds a listener that lives as long as the session (e.g. page visibility).
    pub fn add_listener(&mut self, listener: EventListener) {
        self.listeners.push(listener);
    }

    /// True while a scan or a watch is running.
    pub fn is_active(&self) -> bool {
        !self.sources.is_empty()
    }

    /// True when the session has a `requestLEScan` scan.
    pub fn is_scanning(&self) -> bool {
        self.sources.iter().any(|s| matches!(s, Source::Scan(_)))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        for source in self.sources.drain(..) {
            match source {
                // A scan the browser already ended (page hidden) may throw; nothing to undo.
                Source::Scan(scan) => {
                    let _ = scan.stop();
                }
                Source::Watch(controller) => controller.abort(),
            }
        }
        self.listeners.clear();
    }
}
