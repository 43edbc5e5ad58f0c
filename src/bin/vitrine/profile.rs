//! `vitrine profile --events <log.jsonl> [--catalog <catalog.json>] [--at <ms>] [--json]`: the
//! profile one device's event log builds, every profile feature's value and the reorder
//! ranking ([`vitrine::engine::profile_report`], which `npx vitrine profile` prints too).

use std::io::Read;

use vitrine::engine::events::Millis;
use vitrine::engine::profile_report::report;

use super::{load_catalog, usage, Failure, Options, Outcome};

/// Problems with log lines printed on stderr, at most.
const MAX_PRINTED_PROBLEMS: usize = 10;

pub fn profile(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &["--events", "--catalog", "--at"], &["--json"])?;
    opts.no_positional()?;
    let path = opts.required("--events")?;
    let at: Option<Millis> = match opts.get("--at") {
        Some(v) if v.starts_with('-') => {
            return Err(usage(format_args!(
                "`--at` must be a non-negative integer, not `{v}`"
            )))
        }
        Some(_) => Some(opts.number("--at", 0)?),
        None => None,
    };
    let catalog = opts.get("--catalog").map(load_catalog).transpose()?;
    let log = read_log(path)?;
    let Some(report) = report(&log, catalog.as_ref(), at) else {
        return Err(Failure(1, format!("vitrine: `{path}` has no usable event")));
    };
    for (line, problem) in report.problems.iter().take(MAX_PRINTED_PROBLEMS) {
        eprintln!("vitrine: `{path}` line {line}: {problem} (skipped)");
    }
    if opts.has("--json") {
        println!("{:#}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}

/// The bytes of the log at `path` (`-`: stdin).
fn read_log(path: &str) -> Result<Vec<u8>, Failure> {
    let cannot = |e: std::io::Error| Failure(2, format!("vitrine: cannot read `{path}`: {e}"));
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(cannot)?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(cannot)
    }
}
