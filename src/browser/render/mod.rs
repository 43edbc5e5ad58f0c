//! Putting decisions on the page: find the slots, swap a slot's fallback content for a banner
//! (or back), and count impressions. Slots are `<div data-vitrine-slot="home-hero">`; their
//! children are the fallback, hidden (not removed) while a banner shows.

pub mod banner;
pub mod impressions;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

/// The attribute naming a slot.
pub const SLOT_ATTR: &str = "data-vitrine-slot";
/// Class on a slot while its decision is pending (shops may hide it to avoid a flash).
pub const LOADING: &str = "vitrine-loading";
/// Class on a slot that shows a banner.
pub const FILLED: &str = "vitrine-filled";
const FALLBACK_ATTR: &str = "data-vitrine-fallback";

/// Every slot under `root` (the element itself included), in document order.
pub fn slots(root: &Element) -> Result<Vec<Element>, JsValue> {
    let mut found = Vec::new();
    if root.has_attribute(SLOT_ATTR) {
        found.push(root.clone());
    }
    let list = root.query_selector_all(&format!("[{SLOT_ATTR}]"))?;
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            found.push(el);
        }
    }
    Ok(found)
}

/// The slot's name.
pub fn slot_name(slot: &Element) -> Option<String> {
    slot.get_attribute(SLOT_ATTR).filter(|s| !s.is_empty())
}

/// Marks a slot as waiting for its decision.
pub fn mark_loading(slot: &Element) {
    let _ = slot.class_list().add_1(LOADING);
}

/// Shows `banner` in `slot`, hiding the fallback content and replacing any earlier banner.
pub fn show(slot: &Element, banner: &Element) -> Result<(), JsValue> {
    remove_banner(slot)?;
    let children = slot.children();
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            if !child.has_attribute(FALLBACK_ATTR) && child.get_attribute("hidden").is_none() {
                child.set_attribute(FALLBACK_ATTR, "")?;
                child.set_attribute("hidden", "")?;
            }
        }
    }
    slot.append_child(banner)?;
    let classes = slot.class_list();
    classes.remove_1(LOADING)?;
    classes.add_1(FILLED)?;
    Ok(())
}

/// Removes the banner and shows the fallback content again.
pub fn restore(slot: &Element) -> Result<(), JsValue> {
    remove_banner(slot)?;
    let hidden = slot.query_selector_all(&format!(":scope > [{FALLBACK_ATTR}]"))?;
    for i in 0..hidden.length() {
        if let Some(el) = hidden.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            el.remove_attribute("hidden")?;
            el.remove_attribute(FALLBACK_ATTR)?;
        }
    }
    let classes = slot.class_list();
    classes.remove_2(LOADING, FILLED)?;
    Ok(())
}

fn remove_banner(slot: &Element) -> Result<(), JsValue> {
    if let Some(old) = slot.query_selector(&format!(":scope > .{}", banner::BANNER))? {
        old.remove();
    }
    Ok(())
}

/// The document of the current window.
pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}
