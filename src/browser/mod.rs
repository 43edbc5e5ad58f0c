//! Thin browser adapters around the engine (wasm32 only): IndexedDB storage, catalog fetching,
//! DOM rendering with impression counting, Web Bluetooth beacons, and the runtime that wires
//! them to the engine.

pub mod bluetooth;
pub mod fetch;
pub mod js_error;
pub mod measurement;
pub mod render;
pub mod runtime;
pub mod storage;
