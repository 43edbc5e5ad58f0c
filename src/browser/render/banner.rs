//! Builds one banner's DOM from a decision. Catalog text only ever reaches the page through
//! `textContent` and attribute setters (never `innerHTML`), and every URL passes the catalog's
//! URL policy again here, so hostile catalog text stays inert.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use crate::engine::catalog::url::{check_url, is_external};
use crate::engine::catalog::Creative;

/// Class names shops can style.
pub const BANNER: &str = "vitrine-banner";
/// The dismiss button's class.
pub const DISMISS: &str = "vitrine-banner__dismiss";

/// Settings of the "Why this banner?" disclosure.
#[derive(Debug, Clone, Default)]
pub struct Disclosure {
    /// The shop's page where shoppers see, export and erase what Vitrine stores.
    pub data_page_url: Option<String>,
}

/// The disclosure's class.
pub const WHY: &str = "vitrine-why";

/// `<aside class="vitrine-banner">` holding a link (image, title, body, call to action) and a
/// dismiss button. The link's accessible name is its text; the image has the catalog's alt text.
pub fn build(
    doc: &Document,
    offer_id: &str,
    slot: &str,
    creative: &Creative,
    why: Option<(&Disclosure, &str)>,
) -> Result<Element, JsValue> {
    let banner = doc.create_element("aside")?;
    banner.set_class_name(BANNER);
    banner.set_attribute("data-vitrine-offer", offer_id)?;
    banner.set_attribute("aria-label", &creative.title)?;

    let link_url = creative.link.as_deref().filter(|u| check_url(u).is_ok());
    let body = match link_url {
        Some(url) => {
            let a = doc.create_element("a")?;
            a.set_attribute("href", url)?;
            if is_external(url) {
                a.set_attribute("rel", "noopener noreferrer")?;
            }
            a
        }
        None => doc.create_element("div")?,
    };
    body.set_class_name("vitrine-banner__link");

    if let Some(image) = creative
        .image
        .as_ref()
        .filter(|i| check_url(&i.url).is_ok())
    {
        let img = doc.create_element("img")?;
        img.set_class_name("vitrine-banner__image");
        img.set_attribute("src", &image.url)?;
        img.set_attribute("alt", &image.alt)?;
        if let Some(w) = image.width {
            img.set_attribute("width", &w.to_string())?;
        }
        if let Some(h) = image.height {
            img.set_attribute("height", &h.to_string())?;
        }
        img.set_attribute("decoding", "async")?;
        body.append_child(&img)?;
    }
    let text = doc.create_element("span")?;
    text.set_class_name("vitrine-banner__text");
    append_text(
        doc,
        &text,
        "strong",
        "vitrine-banner__title",
        Some(&creative.title),
    )?;
    append_text(
        doc,
        &text,
        "span",
        "vitrine-banner__body",
        creative.body.as_deref(),
    )?;
    append_text(
        doc,
        &text,
        "span",
        "vitrine-banner__cta",
        creative.cta.as_deref(),
    )?;
    body.append_child(&text)?;
    banner.append_child(&body)?;

    let dismiss = doc.create_element("button")?;
    dismiss.set_class_name(DISMISS);
    dismiss.set_attribute("type", "button")?;
    dismiss.set_attribute("data-vitrine-slot-ref", slot)?;
    dismiss.set_attribute("aria-label", &format!("Dismiss: {}", creative.title))?;
    dismiss.set_text_content(Some("×"));
    banner.append_child(&dismiss)?;
    if let Some((disclosure, reason)) = why {
        let details = build_why(doc, disclosure, reason)?;
        banner.append_child(&details)?;
    }
    Ok(banner)
}

/// `<details class="vitrine-why"><summary>Why this banner?</summary>…</details>`: native
/// disclosure semantics (keyboard and screen readers) with no script of its own.
fn build_why(doc: &Document, disclosure: &Disclosure, reason: &str) -> Result<Element, JsValue> {
    let details = doc.create_element("details")?;
    details.set_class_name(WHY);
    append_text(
        doc,
        &details,
        "summary",
        "vitrine-why__toggle",
        Some("Why this banner?"),
    )?;
    append_text(doc, &details, "p", "vitrine-why__reason", Some(reason))?;
    let note = "Chosen on this device from your browsing here; nothing about it was sent anywhere.";
    append_text(doc, &details, "p", "vitrine-why__note", Some(note))?;
    if let Some(url) = disclosure
        .data_page_url
        .as_deref()
        .filter(|u| check_url(u).is_ok())
    {
        let a = doc.create_element("a")?;
        a.set_class_name("vitrine-why__data");
        a.set_attribute("href", url)?;
        a.set_text_content(Some("See, export or erase your data"));
        details.append_child(&a)?;
    }
    Ok(details)
}

fn append_text(
    doc: &Document,
    parent: &Element,
    tag: &str,
    class: &str,
    text: Option<&str>,
) -> Result<(), JsValue> {
    if let Some(text) = text {
        let el = doc.create_element(tag)?;
        el.set_class_name(class);
        el.set_text_content(Some(text));
        parent.append_child(&el)?;
    }
    Ok(())
}
