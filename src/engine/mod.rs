//! The pure decision engine: no web-sys, no clock reads, no hidden randomness.
//!
//! Everything here is a plain function of its inputs, so it runs the same natively (tests,
//! benchmarks, the `vitrine` CLI) and in the browser. Data flows one way: [`events`] feed the
//! [`profile`]; the catalog says what may be shown and to whom; the decision picks what to show.
//! [`beacon`] turns Bluetooth advertisements into beacon zones (enter/exit events).
//! [`signature`] verifies the Ed25519 signature of a catalog before it is used.
//! [`survey`] names the scales one-tap survey banners are answered on.
//! [`measurement`] turns daily counts into locally differentially private reports, and back.

pub mod beacon;
pub mod catalog;
pub mod clock;
pub mod codec;
pub mod decision;
pub mod error_code;
pub mod events;
pub mod field_names;
#[cfg(feature = "std")]
pub mod learning_loop;
pub mod math;
pub mod measurement;
pub mod profile;
#[cfg(feature = "std")]
pub mod profile_report;
#[cfg(feature = "std")]
pub mod replay;
pub mod signature;
pub mod survey;
pub mod targeting;

/// What every module of the crate uses from `alloc`: the crate is `no_std` (see `src/lib.rs`).
pub(crate) mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::format;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub use error_code::ErrorCode;

/// The SDK version, as published in the npm package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
