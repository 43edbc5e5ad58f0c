//! Turns a deserialized [`CatalogDoc`] into a [`Catalog`], collecting every problem with its
//! path. Nothing partial escapes: any problem rejects the whole catalog.

use crate::engine::prelude::*;

use alloc::collections::{BTreeMap, BTreeSet};

use super::document::*;
use super::error::{CatalogError, CatalogErrorKind as K};
use super::limits::*;
use super::model::*;
use super::url::check_url;
use super::SCHEMA_VERSION;
use crate::engine::beacon::{BeaconId, Zone};
use crate::engine::clock::{Weekday, HOUR_MS, MINUTE_MS};
use crate::engine::events::Millis;
use crate::engine::profile::lifecycle::LifecycleThresholds;
use crate::engine::targeting::{Comparison, Feature, Op, Rule};

const DEFAULT_RELEVANCE_GAIN: f64 = 3.0;
const DEFAULT_SUPPRESS_PURCHASED_HOURS: u32 = 14 * 24;
/// Campaigns of at least this priority are exempt from the fatigue budget by default.
const DEFAULT_FATIGUE_EXEMPT_PRIORITY: i32 = 100;
const DEFAULT_DISMISS_COOLDOWN_HOURS: u32 = 72;
/// A weak prior around a 5 % click-through rate.
const DEFAULT_PRIOR: Prior = Prior {
    alpha: 1.0,
    beta: 19.0,
};

/// Validates the whole document.
pub fn validate(doc: &CatalogDoc) -> Result<Catalog, Vec<CatalogError>> {
    let mut v = Validator { errors: Vec::new() };
    if doc.schema != SCHEMA_VERSION {
        // Nothing else can be trusted to mean what this engine thinks it means.
        return Err(vec![CatalogError::new(
            "schema",
            K::UnsupportedSchema {
                found: doc.schema,
                supported: SCHEMA_VERSION,
            },
        )]);
    }
    v.text(&doc.version, "version", MAX_ID_LEN);
    v.range(
        f64::from(doc.utc_offset_minutes),
        -14.0 * 60.0,
        14.0 * 60.0,
        "utc_offset_minutes",
    );

    let default_caps = doc
        .defaults
        .caps
        .as_ref()
        .map(|c| v.caps(c, "defaults.caps", &Caps::default()))
        .unwrap_or_default();
    let default_caps = Caps {
        dismiss_cooldown_ms: default_caps
            .dismiss_cooldown_ms
            .or(Some(Millis::from(DEFAULT_DISMISS_COOLDOWN_HOURS) * HOUR_MS)),
        ..default_caps
    };
    let default_prior = doc
        .defaults
        .prior
        .as_ref()
        .map_or(DEFAULT_PRIOR, |p| v.prior(p, "defaults.prior"));
    let relevance_gain = doc
        .defaults
        .relevance_gain
        .unwrap_or(DEFAULT_RELEVANCE_GAIN);
    v.range(relevance_gain, 0.0, 100.0, "defaults.relevance_gain");
    let suppress_hours = doc
        .defaults
        .suppress_purchased_hours
        .unwrap_or(DEFAULT_SUPPRESS_PURCHASED_HOURS);
    v.range(
        f64::from(suppress_hours),
        0.0,
        24.0 * 365.0,
        "defaults.suppress_purchased_hours",
    );

    let lifecycle = v.lifecycle(&doc.lifecycle);
    let complements = v.complements(&doc.complements);
    let fatigue = doc
        .defaults
        .fatigue
        .as_ref()
        .map_or_else(Fatigue::default, |f| v.fatigue(f));
    let survey_cooldown_days = doc
        .defaults
        .survey_cooldown_days
        .unwrap_or(crate::engine::survey::DEFAULT_COOLDOWN_DAYS);
    v.range(
        f64::from(survey_cooldown_days),
        0.0,
        365.0,
        "defaults.survey_cooldown_days",
    );

    let holdout = doc.holdout.as_ref().map(|h| {
        v.range(h.share, 0.0, 0.5, "holdout.share");
        v.max_len(&h.salt, "holdout.salt", MAX_ID_LEN);
        Holdout {
            share: h.share,
            salt: h.salt.clone(),
        }
    });

    v.count(doc.beacons.len(), MAX_BEACONS, "beacons");
    let mut beacon_ids = BTreeSet::new();
    let beacons: Vec<Beacon> = doc
        .beacons
        .iter()
        .enumerate()
        .filter_map(|(i, b)| v.beacon(b, &format!("beacons[{i}]"), &mut beacon_ids))
        .collect();

    v.count(doc.campaigns.len(), MAX_CAMPAIGNS, "campaigns");
    let total_offers: usize = doc.campaigns.iter().map(|c| c.offers.len()).sum();
    v.count(total_offers, MAX_OFFERS, "campaigns[*].offers");
    let mut campaign_ids = BTreeSet::new();
    let mut offer_ids = BTreeSet::new();
    let mut campaigns = Vec::with_capacity(doc.campaigns.len());
    let mut offers = Vec::with_capacity(total_offers);
    let mut survey_scales = BTreeMap::new();
    for (ci, c) in doc.campaigns.iter().enumerate() {
        let path = format!("campaigns[{ci}]");
        let mut campaign = v.campaign(c, &path, &beacon_ids, &mut campaign_ids);
        let first_offer = offers.len();
        for (oi, o) in c.offers.iter().enumerate() {
            let opath = format!("{path}.offers[{oi}]");
            offers.push(v.offer(
                o,
                &opath,
                ci,
                c,
                &default_caps,
                default_prior,
                &beacon_ids,
                &mut offer_ids,
            ));
        }
        campaign.offers = first_offer..offers.len();
        campaigns.push(campaign);
        for (oi, o) in c.offers.iter().enumerate() {
            if o.template == Some(Template::Complements) && complements.is_empty() {
                v.err(format!("{path}.offers[{oi}].template"), K::NoComplements);
            }
            if let Some(survey) = &o.survey {
                let scale = *survey_scales
                    .entry(survey.id.clone())
                    .or_insert(survey.scale);
                if scale != survey.scale {
                    let id = survey.id.clone();
                    v.err(
                        format!("{path}.offers[{oi}].survey.scale"),
                        K::SurveyScales { id },
                    );
                }
            }
        }
    }

    if !v.errors.is_empty() {
        return Err(v.errors);
    }
    Ok(Catalog {
        version: doc.version.clone(),
        utc_offset_minutes: doc.utc_offset_minutes,
        holdout,
        beacons,
        campaigns,
        offers,
        relevance_gain,
        suppress_purchased_ms: Millis::from(suppress_hours) * HOUR_MS,
        lifecycle,
        fatigue,
        complements,
        survey_cooldown_ms: Millis::from(survey_cooldown_days) * 24 * HOUR_MS,
    })
}

struct Validator {
    errors: Vec<CatalogError>,
}

impl Validator {
    fn err(&mut self, path: impl Into<String>, kind: K) {
        self.errors.push(CatalogError::new(path, kind));
    }

    fn max_len(&mut self, s: &str, path: &str, max: usize) {
        if s.chars().count() > max {
            self.err(path, K::TooLong { max });
        }
    }

    /// A required, non-blank text of bounded length.
    fn text(&mut self, s: &str, path: &str, max: usize) {
        if s.trim().is_empty() {
            self.err(path, K::Empty);
        } else {
            self.max_len(s, path, max);
        }
    }

    fn count(&mut self, n: usize, max: usize, path: &str) {
        if n > max {
            self.err(path, K::TooMany { max });
        }
    }

    /// The `complements` section: ids, at most [`MAX_COMPLEMENTS`] products with at least one
    /// and at most [`MAX_COMPLEMENTS_PER_PRODUCT`] complements each.
    fn complements(&mut self, doc: &BTreeMap<String, Vec<String>>) -> Vec<(String, Vec<String>)> {
        self.count(doc.len(), MAX_COMPLEMENTS, "complements");
        for (product, with) in doc {
            let path = format!("complements.{product}");
            self.id(product, &path);
            if with.is_empty() {
                self.err(&path, K::Empty);
            }
            self.count(with.len(), MAX_COMPLEMENTS_PER_PRODUCT, &path);
            self.ids(with, &path);
        }
        doc.iter().map(|(p, w)| (p.clone(), w.clone())).collect()
    }

    /// The fatigue budget: each limit from 1 to [`MAX_CAP`].
    fn fatigue(&mut self, doc: &FatigueDoc) -> Fatigue {
        for (limit, name) in [
            (doc.per_session, "per_session"),
            (doc.per_day, "per_day"),
            (doc.dismissals_per_session, "dismissals_per_session"),
        ] {
            if let Some(n) = limit {
                let path = format!("defaults.fatigue.{name}");
                self.range(f64::from(n), 1.0, f64::from(MAX_CAP), &path);
            }
        }
        Fatigue {
            per_session: doc.per_session.unwrap_or(0),
            per_day: doc.per_day.unwrap_or(0),
            dismissals_per_session: doc.dismissals_per_session.unwrap_or(0),
            exempt_priority: doc
                .exempt_priority
                .unwrap_or(DEFAULT_FATIGUE_EXEMPT_PRIORITY),
        }
    }

    /// The lifecycle thresholds, each within its range and `lapsed` after `at_risk`.
    fn lifecycle(&mut self, doc: &LifecycleDoc) -> LifecycleThresholds {
        let d = LifecycleThresholds::default();
        let t = LifecycleThresholds {
            loyal_orders: doc.loyal_orders.unwrap_or(d.loyal_orders),
            at_risk_days: doc.at_risk_days.unwrap_or(d.at_risk_days),
            lapsed_days: doc.lapsed_days.unwrap_or(d.lapsed_days),
            at_risk_factor: doc.at_risk_factor.unwrap_or(d.at_risk_factor),
            lapsed_factor: doc.lapsed_factor.unwrap_or(d.lapsed_factor),
        };
        let limits = LifecycleThresholds::LIMITS;
        self.range(
            f64::from(t.loyal_orders),
            2.0,
            f64::from(limits.loyal_orders),
            "lifecycle.loyal_orders",
        );
        self.range(
            t.at_risk_days,
            1.0,
            limits.at_risk_days,
            "lifecycle.at_risk_days",
        );
        self.range(
            t.lapsed_days,
            t.at_risk_days.max(1.0),
            limits.lapsed_days,
            "lifecycle.lapsed_days",
        );
        self.range(
            t.at_risk_factor,
            1.0,
            limits.at_risk_factor,
            "lifecycle.at_risk_factor",
        );
        self.range(
            t.lapsed_factor,
            t.at_risk_factor.max(1.0),
            limits.lapsed_factor,
            "lifecycle.lapsed_factor",
        );
        t
    }

    fn range(&mut self, x: f64, min: f64, max: f64, path: &str) {
        if !(x.is_finite() && (min..=max).contains(&x)) {
            self.err(path, K::OutOfRange { min, max });
        }
    }

    /// A required id: non-blank, bounded, without control characters.
    fn id(&mut self, s: &str, path: &str) {
        if !s.trim().is_empty() && s.chars().any(char::is_control) {
            self.err(path, K::ControlCharacters);
        } else {
            self.text(s, path, MAX_ID_LEN);
        }
    }

    fn ids(&mut self, list: &[String], path: &str) {
        self.count(list.len(), MAX_LIST_LEN, path);
        for (i, s) in list.iter().enumerate() {
            self.id(s, &format!("{path}[{i}]"));
        }
    }

    fn unique(&mut self, id: &str, path: &str, what: &'static str, seen: &mut BTreeSet<String>) {
        self.id(id, path);
        if !seen.insert(id.to_owned()) {
            self.err(
                path,
                K::DuplicateId {
                    what,
                    id: id.to_owned(),
                },
            );
        }
    }

    fn url(&mut self, url: &str, path: &str) {
        if url.len() > MAX_URL_LEN {
            self.err(path, K::TooLong { max: MAX_URL_LEN });
        } else if let Err(reason) = check_url(url) {
            self.err(path, K::BadUrl { reason });
        }
    }

    fn timestamp(&mut self, s: Option<&str>, path: &str) -> Option<Millis> {
        let s = s?;
        match time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
            Ok(t) => Some((t.unix_timestamp_nanos() / 1_000_000) as Millis),
            Err(_) => {
                self.err(
                    path,
                    K::BadTimestamp {
                        value: s.to_owned(),
                    },
                );
                None
            }
        }
    }

    fn time_of_day(&mut self, s: &str, path: &str) -> u32 {
        let parsed = s.split_once(':').and_then(|(h, m)| {
            let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
            let ok = digits(h) && digits(m);
            let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
            (ok && m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
        });
        parsed.unwrap_or_else(|| {
            self.err(
                path,
                K::BadTimeOfDay {
                    value: s.to_owned(),
                },
            );
            0
        })
    }

    fn caps(&mut self, c: &CapsDoc, path: &str, base: &Caps) -> Caps {
        let mut cap = |value: Option<u32>, name: &str, fallback: Option<u32>| {
            if let Some(n) = value {
                self.range(
                    f64::from(n),
                    0.0,
                    f64::from(MAX_CAP),
                    &format!("{path}.{name}"),
                );
            }
            value.or(fallback)
        };
        let hours_or_minutes =
            |value: Option<u32>, unit: Millis| value.map(|n| Millis::from(n) * unit);
        Caps {
            per_session: cap(c.per_session, "per_session", base.per_session),
            per_day: cap(c.per_day, "per_day", base.per_day),
            per_week: cap(c.per_week, "per_week", base.per_week),
            lifetime: cap(c.lifetime, "lifetime", base.lifetime),
            min_spacing_ms: hours_or_minutes(c.min_spacing_minutes, MINUTE_MS)
                .or(base.min_spacing_ms),
            dismiss_cooldown_ms: hours_or_minutes(c.dismiss_cooldown_hours, HOUR_MS)
                .or(base.dismiss_cooldown_ms),
        }
    }

    fn prior(&mut self, p: &PriorDoc, path: &str) -> Prior {
        self.range(p.alpha, 0.001, 1e6, &format!("{path}.alpha"));
        self.range(p.beta, 0.001, 1e6, &format!("{path}.beta"));
        Prior {
            alpha: p.alpha,
            beta: p.beta,
        }
    }

    fn rule(
        &mut self,
        doc: Option<&RuleDoc>,
        path: &str,
        beacons: &BTreeSet<String>,
    ) -> Option<Rule> {
        let rule = match Rule::from_doc(doc?, path) {
            Ok(rule) => rule,
            Err(e) => {
                self.errors.push(e);
                return None;
            }
        };
        // Beacon comparisons must name declared beacons.
        let mut unknown = Vec::new();
        collect_beacon_refs(&rule, &mut unknown);
        for id in unknown.into_iter().filter(|id| !beacons.contains(id)) {
            self.err(path, K::UnknownBeacon { id });
        }
        Some(rule)
    }

    fn beacon(&mut self, b: &BeaconDoc, path: &str, seen: &mut BTreeSet<String>) -> Option<Beacon> {
        self.unique(&b.id, &format!("{path}.id"), "beacon", seen);
        self.text(&b.name, &format!("{path}.name"), MAX_ID_LEN);
        let at_zone = match b.at_zone.as_deref().unwrap_or("near") {
            "near" => Zone::Near,
            "immediate" => Zone::Immediate,
            other => {
                self.err(
                    format!("{path}.at_zone"),
                    K::BadZone {
                        value: other.to_owned(),
                    },
                );
                Zone::Near
            }
        };
        match b.frame.parse::<BeaconId>() {
            Ok(frame) => {
                if b.company_id.is_some() && !matches!(frame, BeaconId::AltBeacon { .. }) {
                    self.err(format!("{path}.company_id"), K::CompanyIdNotAltBeacon);
                }
                Some(Beacon {
                    id: b.id.clone(),
                    name: b.name.clone(),
                    frame,
                    at_zone,
                    company_id: b.company_id,
                })
            }
            Err(e) => {
                self.err(
                    format!("{path}.frame"),
                    K::BadBeaconFrame {
                        reason: e.to_string(),
                    },
                );
                None
            }
        }
    }

    fn campaign(
        &mut self,
        c: &CampaignDoc,
        path: &str,
        beacons: &BTreeSet<String>,
        seen: &mut BTreeSet<String>,
    ) -> Campaign {
        self.unique(&c.id, &format!("{path}.id"), "campaign", seen);
        if let Some(name) = &c.name {
            self.max_len(name, &format!("{path}.name"), MAX_TEXT_LEN);
        }
        if let Some(w) = c.weight {
            self.range(w, 0.0, 1e6, &format!("{path}.weight"));
        }
        if c.offers.is_empty() {
            self.err(format!("{path}.offers"), K::Empty);
        }
        let starts_at = self.timestamp(c.starts_at.as_deref(), &format!("{path}.starts_at"));
        let ends_at = self.timestamp(c.ends_at.as_deref(), &format!("{path}.ends_at"));
        if let (Some(s), Some(e)) = (starts_at, ends_at) {
            if e <= s {
                self.err(format!("{path}.ends_at"), K::EmptyTimeRange);
            }
        }
        let schedule = c
            .schedule
            .as_ref()
            .map(|s| self.schedule(s, &format!("{path}.schedule")))
            .unwrap_or_default();
        let mut target = self.rule(c.target.as_ref(), &format!("{path}.target"), beacons);
        if let Some(beacon) = &c.near_beacon {
            if !beacons.contains(beacon) {
                self.err(
                    format!("{path}.near_beacon"),
                    K::UnknownBeacon { id: beacon.clone() },
                );
            }
            let near = Rule::Compare(Comparison {
                feature: Feature::BeaconNear,
                op: Op::Contains(beacon.clone()),
            });
            target = Some(match target {
                Some(rule) => Rule::All(vec![near, rule]),
                None => near,
            });
        }
        let caps = c
            .caps
            .as_ref()
            .map(|caps| self.caps(caps, &format!("{path}.caps"), &Caps::default()))
            .unwrap_or_default();
        Campaign {
            id: c.id.clone(),
            name: c.name.clone().unwrap_or_else(|| c.id.clone()),
            priority: c.priority,
            starts_at,
            ends_at,
            schedule,
            target,
            caps,
            offers: 0..0,
        }
    }

    fn schedule(&mut self, s: &ScheduleDoc, path: &str) -> Schedule {
        self.count(s.weekdays.len(), MAX_LIST_LEN, &format!("{path}.weekdays"));
        let weekdays = s
            .weekdays
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                Weekday::parse(d).or_else(|| {
                    self.err(
                        format!("{path}.weekdays[{i}]"),
                        K::BadWeekday { value: d.clone() },
                    );
                    None
                })
            })
            .collect();
        self.count(s.hours.len(), MAX_LIST_LEN, &format!("{path}.hours"));
        let hours = s
            .hours
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let from = self.time_of_day(&h.from, &format!("{path}.hours[{i}].from"));
                let to = self.time_of_day(&h.to, &format!("{path}.hours[{i}].to"));
                if from == to {
                    self.err(format!("{path}.hours[{i}]"), K::EmptyTimeRange);
                }
                (from, to)
            })
            .collect();
        Schedule { weekdays, hours }
    }

    #[allow(clippy::too_many_arguments)]
    fn offer(
        &mut self,
        o: &OfferDoc,
        path: &str,
        campaign: usize,
        c: &CampaignDoc,
        default_caps: &Caps,
        default_prior: Prior,
        beacons: &BTreeSet<String>,
        seen: &mut BTreeSet<String>,
    ) -> Offer {
        self.unique(&o.id, &format!("{path}.id"), "offer", seen);
        if o.slots.is_empty() {
            self.err(format!("{path}.slots"), K::Empty);
        }
        self.ids(&o.slots, &format!("{path}.slots"));
        self.ids(&o.tags, &format!("{path}.tags"));
        self.ids(&o.categories, &format!("{path}.categories"));
        self.ids(&o.brands, &format!("{path}.brands"));
        self.ids(&o.products, &format!("{path}.products"));
        self.text(&o.title, &format!("{path}.title"), MAX_TEXT_LEN);
        for (field, value) in [("body", &o.body), ("cta", &o.cta)] {
            if let Some(text) = value {
                self.text(text, &format!("{path}.{field}"), MAX_TEXT_LEN);
            }
        }
        if let Some(link) = &o.link {
            self.url(link, &format!("{path}.link"));
        }
        if let Some(image) = &o.image {
            self.url(&image.url, &format!("{path}.image.url"));
            self.text(&image.alt, &format!("{path}.image.alt"), MAX_TEXT_LEN);
        }
        let offer_weight = o.weight.unwrap_or(1.0);
        self.range(offer_weight, 0.0, 1e6, &format!("{path}.weight"));
        if let Some(survey) = &o.survey {
            self.id(&survey.id, &format!("{path}.survey.id"));
            self.text(
                &survey.thanks,
                &format!("{path}.survey.thanks"),
                MAX_TEXT_LEN,
            );
            if o.link.is_some() || o.cta.is_some() || o.template.is_some() {
                self.err(format!("{path}.survey"), K::SurveyWithLink);
            }
        }
        Offer {
            id: o.id.clone(),
            campaign,
            slots: o.slots.clone(),
            creative: Creative {
                title: o.title.clone(),
                body: o.body.clone(),
                image: o.image.as_ref().map(|i| Image {
                    url: i.url.clone(),
                    alt: i.alt.clone(),
                    width: i.width,
                    height: i.height,
                }),
                link: o.link.clone(),
                cta: o.cta.clone(),
            },
            tags: o.tags.clone(),
            categories: o.categories.clone(),
            brands: o.brands.clone(),
            products: o.products.clone(),
            weight: c.weight.unwrap_or(1.0) * offer_weight,
            target: self.rule(o.target.as_ref(), &format!("{path}.target"), beacons),
            caps: o.caps.as_ref().map_or(*default_caps, |caps| {
                self.caps(caps, &format!("{path}.caps"), default_caps)
            }),
            prior: o
                .prior
                .as_ref()
                .map_or(default_prior, |p| self.prior(p, &format!("{path}.prior"))),
            template: o.template,
            survey: o.survey.as_ref().map(|s| {
                Box::new(Survey {
                    id: s.id.clone(),
                    scale: s.scale,
                    thanks: s.thanks.clone(),
                })
            }),
        }
    }
}

/// Beacon ids that `beacon.near contains X` / `beacon.visited contains X` refer to.
fn collect_beacon_refs(rule: &Rule, out: &mut Vec<String>) {
    match rule {
        Rule::All(rules) | Rule::Any(rules) => {
            rules.iter().for_each(|r| collect_beacon_refs(r, out))
        }
        Rule::Not(rule) => collect_beacon_refs(rule, out),
        Rule::Compare(Comparison {
            feature: Feature::BeaconNear | Feature::BeaconVisited,
            op,
        }) => {
            let op = match op {
                Op::Ne(inner) => inner.as_ref(),
                op => op,
            };
            if let Op::Contains(id) = op {
                out.push(id.clone());
            }
        }
        Rule::Compare(_) => {}
    }
}
