//! Runs in headless Chrome with `wasm-pack test --headless --chrome` (and natively with
//! `cargo test`): the demo shop's signed catalog, a shopper who browses coffee, the hero banner.

use vitrine::engine::events::{Event, EventKind, PageType, Product};
use vitrine_rust_frontend_example::{Shop, ShopError};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const CATALOG: &[u8] = include_bytes!("../../../www/catalog.bin");
const DEMO_KEY: &str = "ed25519:6wKPxZE9eS0jRdvjV5eMxAf5BokHeqAvdvphp1HNl0A=";
/// Sunday 2026-11-29 10:00 in the demo shop's time zone (UTC+1).
const NOW: i64 = 1_795_942_800_000;

#[wasm_bindgen_test]
fn a_coffee_shopper_gets_a_coffee_banner() {
    let mut shop = Shop::new(CATALOG, &[DEMO_KEY], "device-1").unwrap();
    let before = shop.banner("home-hero", PageType::Home, NOW, 7);
    assert!(before.is_some(), "a banner for a new shopper too");
    for i in 0..6 {
        let product = Product {
            id: format!("coffee-{i}"),
            category: Some("coffee".into()),
            ..Product::default()
        };
        shop.track(&Event {
            at: NOW - 60_000 + i,
            kind: EventKind::ProductView { product },
        });
    }
    let after = shop.banner("home-hero", PageType::Home, NOW, 7).unwrap();
    assert!(after.starts_with("coffee"), "{after}");
}

#[wasm_bindgen_test]
fn a_catalog_signed_with_another_key_is_refused() {
    let other = "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    assert!(matches!(
        Shop::new(CATALOG, &[other], "d"),
        Err(ShopError::Signature(_))
    ));
    let mut tampered = CATALOG.to_vec();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert!(matches!(
        Shop::new(&tampered, &[DEMO_KEY], "d"),
        Err(ShopError::Signature(_))
    ));
}
