//! Why `vitrine.beacons.start()` failed: each case has a stable code and a message that says
//! what to do about it.

use std::fmt;

/// A failed `start()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// The browser has no Web Bluetooth (or not the requested method).
    Unsupported {
        /// What is missing, e.g. `navigator.bluetooth` or `requestLEScan`.
        missing: &'static str,
    },
    /// The catalog declares no beacon a browser can receive (none, or only iBeacons).
    NoBeacons,
    /// The shopper or the browser refused the permission (or `start` ran without a gesture).
    PermissionDenied(String),
    /// The shopper closed the device chooser without picking a beacon.
    Cancelled(String),
    /// Anything else the browser reported.
    Failed(String),
    /// The SDK instance was destroyed.
    Destroyed,
}

impl StartError {
    /// The stable `code` of the JS error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unsupported { .. } => "bluetooth_unsupported",
            Self::NoBeacons => "beacons_none",
            Self::PermissionDenied(_) => "bluetooth_permission_denied",
            Self::Cancelled(_) => "bluetooth_cancelled",
            Self::Failed(_) => "bluetooth_failed",
            Self::Destroyed => "destroyed",
        }
    }

    /// Classifies a rejection from `requestLEScan`, `requestDevice` or `watchAdvertisements`
    /// by its `DOMException` name.
    pub fn from_dom(name: &str, message: String) -> Self {
        match name {
            "NotAllowedError" | "SecurityError" => Self::PermissionDenied(message),
            "NotFoundError" | "AbortError" => Self::Cancelled(message),
            _ => Self::Failed(format!("{name}: {message}")),
        }
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unsupported { missing } => write!(
                f,
                "this browser has no {missing}: beacons need Chromium with Web Bluetooth (Android Chrome, or the experimental web platform features flag); check beacons.status() before offering a start button"
            ),
            Self::NoBeacons => write!(
                f,
                "the catalog declares no beacon a browser can receive: add AltBeacon or Eddystone-UID beacons to its `beacons` (iBeacon data is blocked in Chromium)"
            ),
            Self::PermissionDenied(m) => write!(
                f,
                "Bluetooth permission was refused ({m}); call beacons.start() from a click or tap, and ask the shopper to allow Bluetooth for this site"
            ),
            Self::Cancelled(m) => write!(
                f,
                "no beacon was picked in the browser's chooser ({m}); call beacons.start() again to retry"
            ),
            Self::Failed(m) => write!(f, "Bluetooth failed: {m}"),
            Self::Destroyed => write!(
                f,
                "this Vitrine instance was destroyed; call Vitrine.init again"
            ),
        }
    }
}

impl std::error::Error for StartError {}
