//! The one list of error codes the SDK reports (`VitrineError.code` in JavaScript).
//!
//! Every error the engine returns maps to exactly one [`ErrorCode`]; the wasm boundary passes
//! its number, and the shell (`shell/src/errors.ts`) turns it into a `VitrineError` with the
//! same text code. `tests/error_codes.rs` checks that the shell's table lists exactly these
//! codes, in this order.

macro_rules! error_codes {
    ($($(#[$doc:meta])* $name:ident = $text:literal,)*) => {
        /// A stable error code. The numbers are the wasm boundary's; the texts are public API.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum ErrorCode {
            $($(#[$doc])* $name,)*
        }

        impl ErrorCode {
            /// Every code, in boundary-number order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name,)*];

            /// The code as JavaScript sees it, e.g. `"catalog_invalid"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => $text,)*
                }
            }
        }
    };
}

error_codes! {
    /// Not an error: the boundary's "ok".
    Ok = "ok",
    /// An `init` option has the wrong type or value.
    OptionsInvalid = "options_invalid",
    /// A `track` event has the wrong shape or is over a size limit.
    EventInvalid = "event_invalid",
    /// A decision context has the wrong shape.
    ContextInvalid = "context_invalid",
    /// A consent update has the wrong shape.
    ConsentInvalid = "consent_invalid",
    /// The catalog does not decode or does not validate.
    CatalogInvalid = "catalog_invalid",
    /// The catalog could not be fetched (network, HTTP status, timeout, size).
    CatalogFetchFailed = "catalog_fetch_failed",
    /// The catalog carries no signature, or the catalog came without one.
    CatalogSignatureMissing = "catalog_signature_missing",
    /// The catalog's signature does not verify with any configured key.
    CatalogSignatureInvalid = "catalog_signature_invalid",
    /// The signed catalog is older (lower sequence) than the one this device already has.
    CatalogRollback = "catalog_rollback",
    /// The signed catalog is past its expiry time.
    CatalogExpired = "catalog_expired",
    /// This browser cannot verify catalog signatures (no WebCrypto Ed25519: an insecure
    /// `http:` page or an old browser).
    CryptoUnsupported = "crypto_unsupported",
    /// `publicKeys` is empty or holds a key that does not parse.
    PublicKeysInvalid = "public_keys_invalid",
    /// A signing key file does not parse (CLI only).
    SigningKeyInvalid = "signing_key_invalid",
    /// IndexedDB cannot be opened; the SDK keeps data in memory for this page.
    StorageUnavailable = "storage_unavailable",
    /// The storage quota is full.
    StorageQuotaExceeded = "storage_quota_exceeded",
    /// A stored record did not decode and was replaced.
    StorageCorrupt = "storage_corrupt",
    /// A storage request failed for another reason.
    StorageFailed = "storage_failed",
    /// The `measurement` option is invalid.
    MeasurementConfigInvalid = "measurement_config_invalid",
    /// Today's privacy budget is spent.
    MeasurementBudgetExhausted = "measurement_budget_exhausted",
    /// A measurement report could not be sent.
    MeasurementSendFailed = "measurement_send_failed",
    /// A measurement report is malformed (collector and CLI).
    MeasurementReportInvalid = "measurement_report_invalid",
    /// A banner could not be put into the page.
    RenderFailed = "render_failed",
    /// There is no `document`: rendering needs one.
    NoDocument = "no_document",
    /// There is no `window`: call `init` in browser code, not on the server.
    NoWindow = "no_window",
    /// The instance was destroyed.
    Destroyed = "destroyed",
    /// The WebAssembly module could not be loaded (network, wrong MIME type, wrong path); a
    /// later `init` tries again.
    WasmLoadFailed = "wasm_load_failed",
    /// A bug in Vitrine: please report it.
    Internal = "internal",
    /// Web Bluetooth is not available in this browser.
    BluetoothUnsupported = "bluetooth_unsupported",
    /// The catalog declares no beacons.
    BeaconsNone = "beacons_none",
    /// The shopper or the browser refused Bluetooth.
    BluetoothPermissionDenied = "bluetooth_permission_denied",
    /// The shopper closed the device chooser.
    BluetoothCancelled = "bluetooth_cancelled",
    /// Bluetooth scanning failed.
    BluetoothFailed = "bluetooth_failed",
    /// Scanning was stopped.
    BluetoothStopped = "bluetooth_stopped",
    /// No beacon of the catalog has this id.
    BeaconUnknown = "beacon_unknown",
    /// A Bluetooth advertisement does not parse.
    AdvertisementInvalid = "advertisement_invalid",
}

impl ErrorCode {
    /// The code with this boundary number.
    pub fn from_u8(n: u8) -> Option<ErrorCode> {
        ErrorCode::ALL.get(usize::from(n)).copied()
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_positions_and_texts_are_unique() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i);
            assert_eq!(ErrorCode::from_u8(i as u8), Some(*code));
        }
        let mut texts: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), ErrorCode::ALL.len());
        assert_eq!(ErrorCode::from_u8(ErrorCode::ALL.len() as u8), None);
    }
}
