//! One-tap surveys on the pure engine (issue #14): a survey offer asks until the shopper
//! answers, then never again, and no other survey asks within the cooldown; answers feed
//! `survey.<id>.score` and `nps_group`; off-scale, blank and late answers change nothing; the
//! profile bounds, stores and forgets them; catalogs with surveys validate and compile.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use vitrine::engine::catalog::binary::{decode, encode, CatalogHeader};
use vitrine::engine::catalog::{Catalog, Scale};
use vitrine::engine::clock::{DAY_MS, MINUTE_MS};
use vitrine::engine::decision::{decide, Context, Inputs, Removal, SlotDecision};
use vitrine::engine::events::{Event, EventKind, PageType};
use vitrine::engine::profile::{Profile, ProfileConfig, MAX_SURVEY_ANSWERS};
use vitrine::engine::targeting::Feature;

// 2026-11-23T09:30:00Z.
const T0: i64 = 1_795_426_200_000;

/// The shop's catalog: an NPS survey and a CSAT survey (both priority 1, in slot "side"), a
/// service-recovery offer for detractors, a referral offer for promoters (priority 2, so an
/// answer shows at once what it changed), and an untargeted house offer.
fn doc() -> Value {
    let survey = |id: &str, scale: &str| {
        json!({ "id": id, "slots": ["side"], "title": "How likely are you to recommend us?",
                "survey": { "id": id, "scale": scale, "thanks": "Thank you!" } })
    };
    json!({ "schema": 1, "version": "surveys",
        "campaigns": [
            { "id": "recovery", "priority": 2,
              "target": { "feature": "nps_group", "eq": "detractor" },
              "offers": [{ "id": "recovery", "slots": ["side"], "title": "Sorry. Talk to us?" }] },
            { "id": "referral", "priority": 2,
              "target": { "all": [
                  { "feature": "nps_group", "eq": "promoter" },
                  { "feature": "survey.nps.score", "gte": 9 } ] },
              "offers": [{ "id": "referral", "slots": ["side"], "title": "Tell a friend" }] },
            { "id": "nps", "priority": 1, "offers": [survey("nps", "nps")] },
            { "id": "csat", "offers": [survey("csat", "csat")] },
            { "id": "house", "priority": -1,
              "offers": [{ "id": "house", "slots": ["side"], "title": "House" }] }
        ] })
}

fn catalog(doc: &Value) -> Catalog {
    Catalog::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn answer(profile: &mut Profile, at: i64, survey: &str, scale: Scale, score: u8) {
    let survey = survey.to_owned();
    let kind = EventKind::SurveyAnswer {
        survey,
        scale,
        score,
    };
    profile.apply(&Event { at, kind }, &ProfileConfig::default());
}

fn side(catalog: &Catalog, profile: &Profile, now: i64, personalized: bool) -> SlotDecision {
    let inputs = Inputs {
        catalog,
        profile,
        config: &ProfileConfig::default(),
        device_id: "device-1",
        personalization_allowed: personalized,
    };
    let context = Context {
        now,
        page_type: Some(PageType::Home),
        ..Context::default()
    };
    decide(&inputs, &context, &["side"], 7).remove(0)
}

/// The offer shown in the side slot at `now`.
fn shown(catalog: &Catalog, profile: &Profile, now: i64) -> String {
    let decision = side(catalog, profile, now, true);
    decision.offer.map(|o| o.id).unwrap_or_default()
}

fn removal(decision: &SlotDecision, offer: &str) -> Option<Removal> {
    let removed = &decision.explanation.removed;
    removed.iter().find(|r| r.offer == offer).map(|r| r.reason)
}

#[test]
fn a_survey_asks_until_answered_and_the_answer_changes_what_shows_next() {
    let catalog = catalog(&doc());
    let mut p = Profile::new();
    assert_eq!(shown(&catalog, &p, T0), "nps");

    // A detractor sees the service-recovery offer; the survey is not asked again.
    answer(&mut p, T0, "nps", Scale::Nps, 3);
    assert_eq!(p.nps_group(), Some("detractor"));
    let d = side(&catalog, &p, T0 + MINUTE_MS, true);
    assert_eq!(d.offer.as_ref().map(|o| o.id.as_str()), Some("recovery"));
    assert_eq!(removal(&d, "nps"), Some(Removal::Answered));
    // The other survey waits for the cooldown (30 days by default).
    assert_eq!(removal(&d, "csat"), Some(Removal::SurveyCooldown));

    // Answered again (another tab, before the answer was seen): the latest answer counts.
    answer(&mut p, T0 + 2 * MINUTE_MS, "nps", Scale::Nps, 10);
    assert_eq!(shown(&catalog, &p, T0 + 3 * MINUTE_MS), "referral");
    // A late event (older than the kept answer) changes nothing.
    answer(&mut p, T0 + MINUTE_MS, "nps", Scale::Nps, 0);
    assert_eq!(p.answer("nps").map(|a| a.score), Some(10));
    assert_eq!(p.nps_group(), Some("promoter"));

    // After the cooldown, the CSAT survey asks, once.
    let later = T0 + 2 * MINUTE_MS + 30 * DAY_MS;
    let d = side(&catalog, &p, later - 1, true);
    assert_eq!(removal(&d, "csat"), Some(Removal::SurveyCooldown));
    let mut catalog_without_referral = doc();
    catalog_without_referral["campaigns"][1]["target"] = json!({ "all": [{ "any": [] }] });
    let quiet = self::catalog(&catalog_without_referral);
    assert_eq!(shown(&quiet, &p, later), "csat");
    answer(&mut p, later, "csat", Scale::Csat, 4);
    assert_eq!(shown(&quiet, &p, later + DAY_MS), "house");
    // A CSAT answer is not an NPS answer.
    assert_eq!(p.nps_group(), Some("promoter"));
}

#[test]
fn the_cooldown_comes_from_the_catalog() {
    let mut doc = doc();
    doc["defaults"] = json!({ "survey_cooldown_days": 2 });
    let catalog = catalog(&doc);
    let mut p = Profile::new();
    answer(&mut p, T0, "nps", Scale::Nps, 8);
    let d = side(&catalog, &p, T0 + 2 * DAY_MS - 1, true);
    assert_eq!(removal(&d, "csat"), Some(Removal::SurveyCooldown));
    assert_eq!(shown(&catalog, &p, T0 + 2 * DAY_MS), "csat");

    doc["defaults"] = json!({ "survey_cooldown_days": 0 });
    assert_eq!(shown(&self::catalog(&doc), &p, T0 + 1), "csat");
}

#[test]
fn surveys_need_personalization() {
    // Without it no answer is kept, so "at most once" could not hold.
    let catalog = catalog(&doc());
    let d = side(&catalog, &Profile::new(), T0, false);
    assert_eq!(removal(&d, "nps"), Some(Removal::NeedsPersonalization));
    assert_eq!(d.offer.map(|o| o.id).as_deref(), Some("house"));
}

#[test]
fn surveys_count_against_the_fatigue_budget() {
    let mut doc = doc();
    doc["defaults"] = json!({ "fatigue": { "per_session": 1 } });
    let catalog = catalog(&doc);
    let mut p = Profile::new();
    let kind = EventKind::Impression(vitrine::engine::events::OfferRef {
        offer: "recovery".into(),
        slot: "side".into(),
    });
    p.apply(&Event { at: T0, kind }, &ProfileConfig::default());
    let d = side(&catalog, &p, T0 + MINUTE_MS, true);
    assert_eq!(removal(&d, "nps"), Some(Removal::Fatigue));
}

#[test]
fn off_scale_blank_and_over_long_answers_are_ignored() {
    let mut p = Profile::new();
    answer(&mut p, T0, "a", Scale::Nps, 11);
    answer(&mut p, T0, "b", Scale::Csat, 0);
    answer(&mut p, T0, "c", Scale::Csat, 6);
    answer(&mut p, T0, "d", Scale::Thumbs, 2);
    answer(&mut p, T0, " ", Scale::Thumbs, 1);
    answer(&mut p, T0, &"x".repeat(257), Scale::Thumbs, 1);
    answer(&mut p, -1, "e", Scale::Thumbs, 1);
    assert_eq!(p.answers().len(), 0);
    assert_eq!(p.event_count(), 0, "an ignored event changes nothing");
    for (scale, low, high) in [
        (Scale::Nps, 0, 10),
        (Scale::Csat, 1, 5),
        (Scale::Thumbs, 0, 1),
    ] {
        answer(&mut p, T0, &format!("{scale:?}-low"), scale, low);
        answer(&mut p, T0, &format!("{scale:?}-high"), scale, high);
    }
    assert_eq!(p.answers().len(), 6);
}

#[test]
fn the_profile_keeps_the_latest_surveys_and_forgets_them_with_retention() {
    let mut p = Profile::new();
    for i in 0..=MAX_SURVEY_ANSWERS as i64 {
        answer(
            &mut p,
            T0 + i * MINUTE_MS,
            &format!("s{i}"),
            Scale::Thumbs,
            1,
        );
    }
    assert_eq!(p.answers().len(), MAX_SURVEY_ANSWERS);
    assert!(
        p.answer("s0").is_none(),
        "the one answered longest ago goes"
    );
    assert_eq!(p.last_answered_at(), Some(T0 + 20 * MINUTE_MS));

    // Stored and loaded, then past retention (90 days by default): forgotten, so asked again.
    let config = ProfileConfig::default();
    let back = Profile::from_bytes(&p.to_bytes()).unwrap();
    assert_eq!(back, p);
    let mut old = back.clone();
    old.prune(T0 + 200 * DAY_MS, &config);
    assert_eq!(old.answers().len(), 0);
    let catalog = catalog(&doc());
    assert_eq!(shown(&catalog, &old, T0 + 200 * DAY_MS), "nps");
}

#[test]
fn rules_read_scores_and_groups_and_the_names_round_trip() {
    let parsed = Feature::parse("survey.nps-2026.score");
    assert_eq!(parsed, Some(Feature::SurveyScore("nps-2026".into())));
    assert_eq!(
        parsed.map(|f| f.name()).as_deref(),
        Some("survey.nps-2026.score")
    );
    // Survey ids may hold dots.
    let dotted = Feature::parse("survey.a.b.score");
    assert_eq!(dotted, Some(Feature::SurveyScore("a.b".into())));
    assert_eq!(
        dotted.map(|f| f.name()).as_deref(),
        Some("survey.a.b.score")
    );
    for bad in ["survey..score", "survey.x", "survey.x.scores", "nps_groups"] {
        assert_eq!(Feature::parse(bad), None, "{bad}");
    }
    assert_eq!(Feature::parse("nps_group"), Some(Feature::NpsGroup));

    // Before any answer the score is absent (`exists` is false); after it, present.
    let mut doc = doc();
    doc["campaigns"][4]["target"] =
        json!({ "not": { "feature": "survey.nps.score", "exists": true } });
    let catalog = catalog(&doc);
    let mut p = Profile::new();
    assert_eq!(removal(&side(&catalog, &p, T0, true), "house"), None);
    answer(&mut p, T0, "nps", Scale::Nps, 8);
    let d = side(&catalog, &p, T0 + 1, true);
    assert_eq!(removal(&d, "house"), Some(Removal::RuleNotMatched));
}

#[test]
fn one_survey_per_page() {
    // The CSAT survey may fill a second slot, and its campaign is not on the page: the survey
    // chosen first keeps it out.
    let mut doc = doc();
    doc["campaigns"][3]["offers"][0]["slots"] = json!(["side", "top"]);
    let catalog = catalog(&doc);
    let inputs = Inputs {
        catalog: &catalog,
        profile: &Profile::new(),
        config: &ProfileConfig::default(),
        device_id: "device-1",
        personalization_allowed: true,
    };
    let context = Context {
        now: T0,
        page_type: Some(PageType::Home),
        ..Context::default()
    };
    let page = decide(&inputs, &context, &["side", "top"], 7);
    let offers: Vec<_> = page
        .iter()
        .map(|d| d.offer.as_ref().map(|o| o.id.as_str()))
        .collect();
    assert_eq!(offers, [Some("nps"), None], "the house offer is side-only");
    assert_eq!(removal(&page[1], "csat"), Some(Removal::SurveyCooldown));
}

#[test]
fn catalogs_with_surveys_validate_and_compile() {
    let errors = |doc: &Value| match Catalog::from_json(&doc.to_string()) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    };
    let mut linked = doc();
    linked["campaigns"][2]["offers"][0]["link"] = json!("/survey");
    assert!(
        errors(&linked).contains("remove `link`, `cta` and `template`"),
        "{}",
        errors(&linked)
    );
    let mut mixed = doc();
    mixed["campaigns"][3]["offers"][0]["survey"]["id"] = json!("nps");
    assert!(
        errors(&mixed).contains("must use the same scale"),
        "{}",
        errors(&mixed)
    );
    let mut blank = doc();
    blank["campaigns"][2]["offers"][0]["survey"]["thanks"] = json!(" ");
    assert!(
        errors(&blank).contains("survey.thanks"),
        "{}",
        errors(&blank)
    );
    let mut unknown = doc();
    unknown["campaigns"][2]["offers"][0]["survey"]["scale"] = json!("stars");
    assert!(errors(&unknown).contains("stars"), "{}", errors(&unknown));
    let mut long = doc();
    long["defaults"] = json!({ "survey_cooldown_days": 366 });
    assert!(
        errors(&long).contains("survey_cooldown_days"),
        "{}",
        errors(&long)
    );
    let mut impossible = doc();
    impossible["campaigns"][1]["target"] = json!({ "feature": "survey.nps.score", "gt": 10 });
    assert!(!errors(&impossible).is_empty(), "no score is above 10");

    let catalog = catalog(&doc());
    let header = CatalogHeader {
        sequence: 1,
        expires_at: 2,
        signed_at: 3,
    };
    let (_, back) = decode(&encode(&header, &catalog).unwrap()).unwrap();
    assert_eq!(back, catalog);
    let nps = back.offers.iter().find(|o| o.id == "nps").unwrap();
    let survey = nps.survey.as_ref().unwrap();
    assert_eq!((survey.id.as_str(), survey.scale), ("nps", Scale::Nps));
    assert_eq!(back.survey_cooldown_ms, 30 * DAY_MS);
}

#[test]
fn answers_read_from_json_and_batches() {
    let json = r#"{"type":"survey_answer","at":5,"survey":"nps","scale":"nps","score":9}"#;
    let event: Event = serde_json::from_str(json).unwrap();
    assert_eq!(
        event.kind,
        EventKind::SurveyAnswer {
            survey: "nps".into(),
            scale: Scale::Nps,
            score: 9
        }
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), json);
    let missing = r#"{"type":"survey_answer","survey":"nps","scale":"nps","at":5}"#;
    let error = serde_json::from_str::<Event>(missing)
        .unwrap_err()
        .to_string();
    assert!(error.contains("`score`"), "{error}");

    use vitrine::engine::events::bytes::{decode_batch, encode_batch};
    let batch = encode_batch(std::slice::from_ref(&event));
    assert_eq!(decode_batch(&batch), Ok(vec![event.clone()]));
    let mut off_scale = event;
    off_scale.kind = EventKind::SurveyAnswer {
        survey: "nps".into(),
        scale: Scale::Csat,
        score: 9,
    };
    let error = decode_batch(&encode_batch(&[off_scale])).unwrap_err();
    assert!(error.to_string().contains("on its scale"), "{error}");
}
