//! Read-only views of the runtime for JavaScript: the profile summary the shopper panel shows,
//! the data export, and the status.

use serde::Serialize;

use crate::browser::runtime::{ConsentState, Runtime};
use crate::engine::measurement::Ledger;
use crate::engine::profile::{Dimension, Intent};

/// `profile()`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSummary {
    temperature: Intent,
    affinities: Affinities,
    offers: Vec<OfferSummary>,
    cart: Vec<String>,
    purchases: u32,
    sessions: u32,
    events: u64,
}

#[derive(Serialize)]
struct Affinities {
    category: Vec<Share>,
    brand: Vec<Share>,
    tag: Vec<Share>,
    search: Vec<Share>,
}

#[derive(Serialize)]
struct Share {
    key: String,
    share: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OfferSummary {
    id: String,
    impressions: u32,
    clicks: u32,
    dismissals: u32,
    last_shown_at: Option<i64>,
}

/// The profile as the shopper panel shows it.
pub fn summarize(r: &Runtime) -> ProfileSummary {
    let (p, config, now) = (r.profile(), r.profile_config(), r.now());
    let top = |dim| {
        p.top(dim, 8, now, config)
            .into_iter()
            .map(|(key, share)| Share {
                key: key.to_owned(),
                share,
            })
            .collect()
    };
    ProfileSummary {
        temperature: p.intent(now, config),
        affinities: Affinities {
            category: top(Dimension::Category),
            brand: top(Dimension::Brand),
            tag: top(Dimension::Tag),
            search: top(Dimension::SearchTerm),
        },
        offers: p
            .offers()
            .map(|(id, h)| OfferSummary {
                id: id.to_owned(),
                impressions: h.impressions,
                clicks: h.clicks,
                dismissals: h.dismissals,
                last_shown_at: h.last_shown_at,
            })
            .collect(),
        cart: p.cart().product_ids().map(str::to_owned).collect(),
        purchases: p.purchases(),
        sessions: p.sessions(),
        events: p.event_count(),
    }
}

/// `exportData()`: everything stored, with readable names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    device_id: String,
    stored_in: &'static str,
    consent: ConsentExport,
    summary: ProfileSummary,
    profile: serde_json::Value,
    /// The measurement ledger (today's counts per offer, the privacy budget), when stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    measurement: Option<Ledger>,
}

#[derive(Serialize)]
struct ConsentExport {
    personalization: ConsentState,
    measurement: ConsentState,
}

/// Everything stored about this browser.
pub fn export(r: &Runtime, measurement: Option<Ledger>) -> Export {
    let consent = r.consent();
    Export {
        device_id: r.device_id().to_owned(),
        stored_in: if r.persistent() {
            "indexeddb"
        } else {
            "memory"
        },
        consent: ConsentExport {
            personalization: consent.personalization,
            measurement: consent.measurement,
        },
        summary: summarize(r),
        profile: serde_json::to_value(r.profile().to_stored()).unwrap_or_default(),
        measurement,
    }
}

/// `status()`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    storage: &'static str,
    catalog_version: Option<String>,
    personalization: ConsentState,
    measurement: ConsentState,
}

/// Where things stand.
pub fn status(r: &Runtime) -> Status {
    let consent = r.consent();
    Status {
        storage: if r.persistent() {
            "indexeddb"
        } else {
            "memory"
        },
        catalog_version: r.catalog().map(|c| c.version.clone()),
        personalization: consent.personalization,
        measurement: consent.measurement,
    }
}
