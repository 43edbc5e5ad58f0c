//! The few Web Bluetooth interfaces Vitrine uses, bound by hand: web-sys lacks the scanning API
//! (`requestLEScan`, `BluetoothLEScan`) and has the rest only behind
//! `--cfg=web_sys_unstable_apis`. All calls are dynamic property look-ups, so a test double
//! with the same method names works too.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `navigator.bluetooth`.
    #[wasm_bindgen(extends = web_sys::EventTarget)]
    pub type Bluetooth;

    /// `bluetooth.requestLEScan(options)`: resolves to a [`BluetoothLeScan`].
    #[wasm_bindgen(method, catch, js_name = requestLEScan)]
    pub fn request_le_scan(this: &Bluetooth, options: &JsValue)
        -> Result<js_sys::Promise, JsValue>;

    /// `bluetooth.requestDevice(options)`: resolves to a [`BluetoothDevice`].
    #[wasm_bindgen(method, catch, js_name = requestDevice)]
    pub fn request_device(this: &Bluetooth, options: &JsValue) -> Result<js_sys::Promise, JsValue>;

    /// A running scan from `requestLEScan`.
    pub type BluetoothLeScan;

    /// `scan.stop()`.
    #[wasm_bindgen(method, catch)]
    pub fn stop(this: &BluetoothLeScan) -> Result<(), JsValue>;

    /// A device the shopper picked in the chooser.
    #[wasm_bindgen(extends = web_sys::EventTarget)]
    pub type BluetoothDevice;

    /// `device.watchAdvertisements({ signal })`: advertisements arrive as events on the device.
    #[wasm_bindgen(method, catch, js_name = watchAdvertisements)]
    pub fn watch_advertisements(
        this: &BluetoothDevice,
        options: &JsValue,
    ) -> Result<js_sys::Promise, JsValue>;

    /// The `advertisementreceived` event.
    #[wasm_bindgen(extends = web_sys::Event)]
    pub type BluetoothAdvertisingEvent;

    /// Received signal strength in dBm (`null` when the platform does not report it).
    #[wasm_bindgen(method, getter)]
    pub fn rssi(this: &BluetoothAdvertisingEvent) -> JsValue;

    /// `BluetoothManufacturerDataMap`: company id -> `DataView`.
    #[wasm_bindgen(method, getter, js_name = manufacturerData)]
    pub fn manufacturer_data(this: &BluetoothAdvertisingEvent) -> JsValue;

    /// `BluetoothServiceDataMap`: service UUID string -> `DataView`.
    #[wasm_bindgen(method, getter, js_name = serviceData)]
    pub fn service_data(this: &BluetoothAdvertisingEvent) -> JsValue;
}
