//! `vitrine aggregate`: private measurement reports in, estimated counts and survey scores out
//! (docs/measurement.md).

use vitrine::engine::measurement::{Estimates, Estimator};

use super::{columns, for_each_line, usage, Failure, Options, Outcome};

/// How many rejected lines the table output lists on stderr.
const SHOWN_ERRORS: usize = 10;

pub fn aggregate(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &[], &["--json"])?;
    let [path] = opts.positional.as_slice() else {
        return Err(usage("`aggregate` takes exactly one reports file"));
    };
    let estimates = estimates_of(path)?;
    if opts.has("--json") {
        println!(
            "{}",
            serde_json::to_string_pretty(&estimates).expect("estimates always serialize")
        );
    } else {
        print!("{}", table(&estimates));
        for e in estimates.errors.iter().take(SHOWN_ERRORS) {
            eprintln!("{path}:{}: {}", e.line, e.message);
        }
        if estimates.rejected > SHOWN_ERRORS as u64 {
            let more = estimates.rejected - SHOWN_ERRORS as u64;
            eprintln!("... and {more} more rejected lines");
        }
    }
    if estimates.reports == 0 {
        return Err(Failure(
            1,
            format!("vitrine: `{path}` has no usable reports"),
        ));
    }
    Ok(())
}

/// The estimates from the reports file at `path` (`-`: stdin), one report per line; bad lines
/// are rejected and listed in [`Estimates::errors`].
pub fn estimates_of(path: &str) -> Result<Estimates, Failure> {
    let mut estimator = Estimator::new();
    for_each_line(path, |line, text| match text {
        Ok(text) => estimator.push_line(line, text),
        Err(()) => estimator.reject(line, &"not valid UTF-8"),
    })?;
    Ok(estimator.finish())
}

/// A summary line, then one row per (offer, metric): estimate, 95 % interval, reports; with
/// survey answers, one row per (survey, bucket) likewise and one per survey score.
fn table(e: &Estimates) -> String {
    let days = match (e.first_day, e.last_day) {
        (Some(first), Some(last)) if first == last => format!(", {first}"),
        (Some(first), Some(last)) => format!(", {first} to {last}"),
        _ => String::new(),
    };
    let mut out = format!(
        "{} reports{days}; {} rejected lines\n",
        e.reports, e.rejected
    );
    let interval = |low: f64, high: f64| format!("{low:.0} to {high:.0}");
    let offers = e.rows.iter().map(|r| {
        [
            r.offer.clone(),
            r.metric.as_str().to_owned(),
            format!("{:.0}", r.estimate),
            interval(r.ci_low, r.ci_high),
            r.reports.to_string(),
        ]
    });
    let left = [true, true, false, false, false];
    out.push_str(&columns(
        ["offer", "metric", "estimate", "95 % CI", "n"],
        left,
        offers,
    ));
    let answers = e.answers.iter().map(|r| {
        [
            r.survey.clone(),
            r.bucket.clone(),
            format!("{:.0}", r.estimate),
            interval(r.ci_low, r.ci_high),
            r.reports.to_string(),
        ]
    });
    out.push_str(&columns(
        ["survey", "bucket", "estimate", "95 % CI", "n"],
        left,
        answers,
    ));
    let scores = e.scores.iter().map(|s| {
        [
            s.survey.clone(),
            s.scale.as_str().to_owned(),
            format!("{:.1}", s.score.value),
            format!("{:.1} to {:.1}", s.score.ci_low, s.score.ci_high),
            format!("{:.0}", s.score.respondents),
        ]
    });
    out.push_str(&columns(
        ["survey", "scale", "score", "95 % CI", "respondents"],
        left,
        scores,
    ));
    out
}
