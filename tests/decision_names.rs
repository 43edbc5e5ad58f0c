//! The shell reads a decision's mode and each left-out offer's reason as numbers, positions in
//! `MODES` and `REMOVAL_REASONS` of `shell/src/decisions.ts`: those tables must list Rust's
//! `Mode` and `Removal` in order, with the names their serde derives give (the names native
//! explanations print).

mod shell_table;

use vitrine::engine::decision::{Mode, Removal};

fn shell_table(name: &str) -> Vec<String> {
    shell_table::quoted_list("decisions.ts", name)
}

fn name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// Every removal reason in order. The `match` fails to compile when a variant is added, so
/// this list (and with it the test) cannot fall behind.
fn removals() -> Vec<Removal> {
    let all = [
        Removal::NotLive,
        Removal::RuleNotMatched,
        Removal::NeedsPersonalization,
        Removal::SessionCap,
        Removal::DayCap,
        Removal::WeekCap,
        Removal::LifetimeCap,
        Removal::Spacing,
        Removal::Dismissed,
        Removal::RecentlyPurchased,
        Removal::CampaignOnPage,
        Removal::Fatigue,
        Removal::NoProduct,
        Removal::Answered,
        Removal::SurveyCooldown,
    ];
    for (i, r) in all.iter().enumerate() {
        let position = match r {
            Removal::NotLive => 0,
            Removal::RuleNotMatched => 1,
            Removal::NeedsPersonalization => 2,
            Removal::SessionCap => 3,
            Removal::DayCap => 4,
            Removal::WeekCap => 5,
            Removal::LifetimeCap => 6,
            Removal::Spacing => 7,
            Removal::Dismissed => 8,
            Removal::RecentlyPurchased => 9,
            Removal::CampaignOnPage => 10,
            Removal::Fatigue => 11,
            Removal::NoProduct => 12,
            Removal::Answered => 13,
            Removal::SurveyCooldown => 14,
        };
        assert_eq!(position, i, "{r:?} is in its declaration order");
        assert_eq!(*r as usize, i, "{r:?}'s number on the wire");
    }
    all.to_vec()
}

#[test]
fn the_shell_names_every_removal_reason_in_order() {
    let rust: Vec<String> = removals().into_iter().map(name).collect();
    assert_eq!(shell_table("REMOVAL_REASONS"), rust);
}

#[test]
fn the_shell_names_every_mode_in_order() {
    let all = [Mode::Personalized, Mode::Holdout, Mode::NonPersonalized];
    for m in all {
        match m {
            Mode::Personalized | Mode::Holdout | Mode::NonPersonalized => {}
        }
    }
    let rust: Vec<String> = all.into_iter().map(name).collect();
    assert_eq!(shell_table("MODES"), rust);
}

#[test]
fn the_shell_knows_every_survey_scale_in_order_with_its_scores() {
    use vitrine::engine::survey::Scale;
    for s in Scale::ALL {
        match s {
            Scale::Nps | Scale::Csat | Scale::Thumbs => {}
        }
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/shell/src/survey.ts");
    let text = std::fs::read_to_string(path).unwrap();
    let body = &text[text.find("SCORES = {").expect("survey.ts declares SCORES")..];
    let body = &body[..body.find('}').expect("the table ends with `}`")];
    // `  nps: [0, 10],` -> ("nps", (0, 10))
    let shell: Vec<(String, (u8, u8))> = body
        .lines()
        .filter_map(|line| {
            let (name, range) = line.trim().split_once(':')?;
            let range = range.trim().trim_end_matches(',');
            let (low, high) = range
                .strip_prefix('[')?
                .strip_suffix(']')?
                .split_once(',')?;
            Some((
                name.to_owned(),
                (low.trim().parse().ok()?, high.trim().parse().ok()?),
            ))
        })
        .collect();
    let rust: Vec<(String, (u8, u8))> = Scale::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), s.scores()))
        .collect();
    assert_eq!(shell, rust);
}
