//! `vitrine priors`: the catalog's next version, whose offers' bandit priors come from the
//! shop's private measurement reports (docs/measurement.md, "Priors from the reports"). Every
//! other field is kept as written; the version is bumped; the result is validated, ready for
//! `vitrine sign`.

use serde_json::{json, Value};
use vitrine::engine::catalog::limits::MAX_ID_LEN;
use vitrine::engine::measurement::priors::{fit_priors, FittedPrior, PriorSettings};

use super::aggregate::estimates_of;
use super::{check_catalog, columns, read, Failure, Options, Outcome};

pub fn priors(args: &[String]) -> Outcome {
    let opts = Options::parse(
        args,
        &[
            "--catalog",
            "--reports",
            "--max-strength",
            "--half-life-days",
            "--out",
        ],
        &[],
    )?;
    opts.no_positional()?;
    let path = opts.required("--catalog")?;
    let reports = opts.required("--reports")?;
    let defaults = PriorSettings::default();
    let settings = PriorSettings {
        max_strength: opts.decimal("--max-strength", defaults.max_strength)?,
        half_life_days: opts.decimal("--half-life-days", defaults.half_life_days)?,
    };
    let text = read(path)?;
    let catalog = check_catalog(path, &text)?;
    let estimates = estimates_of(reports)?;
    if estimates.reports == 0 {
        let message = format!("vitrine: `{reports}` has no usable reports");
        return Err(Failure(1, message));
    }
    let days = match (estimates.first_day, estimates.last_day) {
        (Some(first), Some(last)) => (last.epoch_days() - first.epoch_days() + 1) as f64,
        _ => 0.0,
    };
    let fitted = fit_priors(&catalog, &estimates, days, &settings)
        .map_err(|e| Failure(1, format!("vitrine: {e}")))?;

    let mut doc: Value = serde_json::from_str(&text).expect("a valid catalog is JSON");
    let version = next_version(&catalog.version).ok_or_else(|| {
        Failure(
            1,
            format!(
                "vitrine: version `{}` cannot be bumped within {MAX_ID_LEN} bytes; shorten it",
                catalog.version
            ),
        )
    })?;
    doc["version"] = Value::String(version.clone());
    let offers = doc["campaigns"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .flat_map(|c| c["offers"].as_array_mut().into_iter().flatten());
    for (offer, fit) in offers.zip(&fitted) {
        debug_assert_eq!(offer["id"], fit.offer.as_str());
        offer["prior"] = json!({ "alpha": round(fit.prior.alpha), "beta": round(fit.prior.beta) });
    }
    let mut written = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
    written.push('\n');
    check_catalog("the new catalog", &written)?;
    match opts.get("--out") {
        Some(out) => std::fs::write(out, &written)
            .map_err(|e| Failure(2, format!("vitrine: cannot write `{out}`: {e}")))?,
        None => print!("{written}"),
    }
    eprint!("{}", summary(&version, estimates.reports, &fitted));
    Ok(())
}

/// `2026-11-23.1` → `2026-11-23.2`; a version without a numbered suffix gets `.2`.
fn next_version(version: &str) -> Option<String> {
    let next = match version.rsplit_once('.') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{base}.{}", n.parse::<u64>().ok()?.checked_add(1)?)
        }
        _ => format!("{version}.2"),
    };
    (next.len() <= MAX_ID_LEN).then_some(next)
}

/// Four significant decimals: enough for a prior, short in the file.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// What was fitted, one line per offer (stderr: stdout may be the catalog).
fn summary(version: &str, reports: u64, fitted: &[FittedPrior]) -> String {
    let mut out = format!("version {version}: priors from {reports} reports\n");
    let rows: Vec<[String; 6]> = fitted
        .iter()
        .map(|f| {
            let measured = f.measured.map_or_else(
                || "-".to_owned(),
                |(rate, se)| format!("{:.2} % ± {:.2}", 100.0 * rate, 196.0 * se),
            );
            let mean = |a: f64, b: f64| 100.0 * a / (a + b);
            [
                f.offer.clone(),
                measured,
                f.source.as_str().to_owned(),
                format!("{:.2} %", 100.0 * f.rate),
                format!(
                    "{:.2} % ({:.1})",
                    mean(f.previous.alpha, f.previous.beta),
                    f.previous.alpha + f.previous.beta
                ),
                format!(
                    "{:.2} % ({:.1})",
                    mean(f.prior.alpha, f.prior.beta),
                    f.prior.alpha + f.prior.beta
                ),
            ]
        })
        .collect();
    let header = [
        "offer",
        "measured CTR",
        "from",
        "shrunk",
        "prior was",
        "prior now",
    ];
    out.push_str(&columns(
        header,
        [true, false, true, false, false, false],
        rows,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_bumped() {
        assert_eq!(
            next_version("2026-11-23.1").as_deref(),
            Some("2026-11-23.2")
        );
        assert_eq!(next_version("w48.9").as_deref(), Some("w48.10"));
        assert_eq!(next_version("spring").as_deref(), Some("spring.2"));
        assert_eq!(next_version("v1.").as_deref(), Some("v1..2"));
        assert_eq!(next_version(&"x".repeat(127)), None);
    }
}
