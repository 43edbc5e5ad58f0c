//! The `vitrine` command-line tool for shops' build pipelines (native only; `--features cli`):
//! validate, replay and simulate here; keygen, sign and verify in [`sign`]; inspect in
//! [`inspect`]; aggregate in [`aggregate`]; priors in [`priors`]; profile in [`profile`].
//!
//! Exit codes: 0 success, 1 the input is invalid (a bad catalog, a log without usable records,
//! a bad or missing signature, a bad key file, no usable measurement reports), 2 usage errors
//! and unreadable files.

#[path = "vitrine/aggregate.rs"]
mod aggregate;
#[path = "vitrine/inspect.rs"]
mod inspect;
#[path = "vitrine/learning.rs"]
mod learning;
#[path = "vitrine/priors.rs"]
mod priors;
#[path = "vitrine/profile.rs"]
mod profile;
#[path = "vitrine/sign.rs"]
mod sign;

use std::io::{BufRead, BufReader, Write};
use std::process::ExitCode;

use vitrine::engine::catalog::Catalog;
use vitrine::engine::replay::{simulate, ReplayReport, Replayer, SimConfig};

const USAGE: &str = "\
vitrine - tools for Vitrine catalogs

usage:
  vitrine validate <catalog.json>
      check a catalog; prints every problem with its JSON path
  vitrine replay --catalog <catalog.json> --log <log.jsonl> [--seed <n>] [--json]
      estimate the engine's click-through rate on logged traffic (`--log -` reads stdin);
      see docs/replay.md
  vitrine simulate --catalog <catalog.json> [--shoppers <n>] [--visits <n>] [--seed <n>]
      write a synthetic JSONL log (uniformly random offers, shoppers with hidden tastes)
  vitrine simulate --catalog <catalog.json> --generations <n> [--shoppers <n>] [--visits <n>]
                   [--seeds <n>] [--seed <n>] [--epsilon <e>] [--max-strength <n>]
                   [--half-life-days <days>]
      the learning loop on --seeds shops (offers with hidden click rates): each generation's
      --shoppers new devices decide with the engine and send private reports, from which the
      next generation's priors are fitted; prints click-through and regret per generation
      against fixed priors, with 95 % intervals over the shops
  vitrine keygen [--out <file>]
      create a catalog signing key (default file: vitrine-signing.key, mode 0600, never
      overwritten) and print its public key for `init({ publicKeys })`; see docs/signing.md
  vitrine sign --key <key file> [--sequence <n>] [--expires-in <30d|12h|90m>] [--out <file>]
               <catalog.json>
      validate and compile the catalog and write the signed catalog.bin next to it (or
      --out); default sequence: the time in seconds since 1970, default expiry: 30 days
  vitrine verify --key <public key>[,<public key>...] <catalog.bin>
      check a signed catalog.bin (and that it decodes and has not expired) against the
      public keys; exit 0 if it verifies
  vitrine inspect <catalog.bin>
      print a catalog.bin's key id, sequence, signing and expiry times and contents (does
      not check the signature)
  vitrine aggregate <reports.jsonl> [--json]
      estimate per offer how many devices had impressions, clicks and conversions, per survey
      how many answered in each bucket and its score (NPS, CSAT, thumbs up), with 95 %
      confidence intervals, from private measurement reports (`-` reads stdin);
      see docs/measurement.md
  vitrine priors --catalog <catalog.json> --reports <reports.jsonl> [--max-strength <n>]
                 [--half-life-days <days>] [--out <file>]
      the catalog's next version (on stdout, or --out), whose offers' bandit priors come
      from the reports: each offer's click rate shrunk toward its campaign's and the shop's,
      at most --max-strength impressions strong (default 10), the previous priors halved
      every --half-life-days (default 30); sign it as usual; see docs/measurement.md
  vitrine profile --events <events.jsonl> [--catalog <catalog.json>] [--at <ms>] [--json]
      the profile one device's events build (the JSON events `track` takes, one per line):
      every profile feature's value at --at (default: the latest event) and every product
      bought, most likely to be bought next first; --catalog sets the time zone and beacons
  vitrine --version     print the version
  vitrine help          print this help
";

/// A failed command: the exit code and what to say on stderr.
struct Failure(u8, String);

type Outcome = Result<(), Failure>;

fn usage(message: impl std::fmt::Display) -> Failure {
    Failure(2, format!("vitrine: {message}\n\n{USAGE}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            println!("vitrine {}", vitrine::engine::VERSION);
            Ok(())
        }
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            Ok(())
        }
        Some("validate") => validate(&args[1..]),
        Some("replay") => replay(&args[1..]),
        Some("simulate") => simulate_cmd(&args[1..]),
        Some("keygen") => sign::keygen(&args[1..]),
        Some("sign") => sign::sign(&args[1..]),
        Some("verify") => sign::verify(&args[1..]),
        Some("inspect") => inspect::inspect(&args[1..]),
        Some("aggregate") => aggregate::aggregate(&args[1..]),
        Some("priors") => priors::priors(&args[1..]),
        Some("profile") => profile::profile(&args[1..]),
        Some(other) => Err(usage(format_args!("unknown command `{other}`"))),
        None => Err(Failure(2, USAGE.to_owned())),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(code, message)) => {
            eprintln!("{}", message.trim_end());
            ExitCode::from(code)
        }
    }
}

/// Parsed `--flag value` options and positional arguments.
#[derive(Default)]
struct Options {
    values: Vec<(&'static str, String)>,
    switches: Vec<&'static str>,
    positional: Vec<String>,
}

impl Options {
    /// `valued` flags take a value; `switches` do not. Anything else starting with `-` is an
    /// error (a lone `-` is positional).
    fn parse(
        args: &[String],
        valued: &[&'static str],
        switches: &[&'static str],
    ) -> Result<Options, Failure> {
        let mut out = Options::default();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
                _ => (arg.as_str(), None),
            };
            if let Some(flag) = valued.iter().find(|f| **f == name) {
                let value = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| usage(format_args!("`{flag}` needs a value")))?,
                };
                if out.values.iter().any(|(f, _)| f == flag) {
                    return Err(usage(format_args!("`{flag}` given twice")));
                }
                out.values.push((flag, value));
            } else if let Some(flag) = switches.iter().find(|f| **f == name) {
                out.switches.push(flag);
            } else if name.starts_with('-') && name != "-" {
                return Err(usage(format_args!("unknown option `{arg}`")));
            } else {
                out.positional.push(arg.clone());
            }
        }
        Ok(out)
    }

    fn get(&self, flag: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(f, _)| *f == flag)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, flag: &str) -> Result<&str, Failure> {
        self.get(flag)
            .ok_or_else(|| usage(format_args!("`{flag}` is required")))
    }

    fn number<T: std::str::FromStr>(&self, flag: &str, default: T) -> Result<T, Failure> {
        self.get(flag).map_or(Ok(default), |v| {
            v.parse().map_err(|_| {
                usage(format_args!(
                    "`{flag}` must be a non-negative integer, not `{v}`"
                ))
            })
        })
    }

    /// A decimal option's value, or `default` when it is not given.
    fn decimal(&self, flag: &str, default: f64) -> Result<f64, Failure> {
        self.get(flag).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| usage(format_args!("`{flag}` must be a number, not `{v}`")))
        })
    }

    fn has(&self, switch: &str) -> bool {
        self.switches.contains(&switch)
    }

    fn no_positional(&self) -> Outcome {
        match self.positional.first() {
            Some(extra) => Err(usage(format_args!("unexpected argument `{extra}`"))),
            None => Ok(()),
        }
    }
}

/// A header and rows in columns two spaces apart, the columns marked in `left` left-aligned and
/// the others right-aligned (numbers), without trailing spaces; nothing when there are no rows.
fn columns<const N: usize>(
    header: [&str; N],
    left: [bool; N],
    rows: impl IntoIterator<Item = [String; N]>,
) -> String {
    let mut rows: Vec<[String; N]> = rows.into_iter().collect();
    if rows.is_empty() {
        return String::new();
    }
    rows.insert(0, header.map(str::to_owned));
    let widths: Vec<usize> = (0..N)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths.iter().zip(left))
            .map(|(cell, (&w, left))| {
                if left {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure(2, format!("vitrine: cannot read `{path}`: {e}")))
}

fn read(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure(2, format!("vitrine: cannot read `{path}`: {e}")))
}

/// Calls `f` with each line number (from 1) and line of the file at `path` (`-`: stdin), or
/// `Err(())` for a line that is not UTF-8.
fn for_each_line(path: &str, mut f: impl FnMut(usize, Result<&str, ()>)) -> Outcome {
    let cannot = |e: std::io::Error| Failure(2, format!("vitrine: cannot read `{path}`: {e}"));
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(std::fs::File::open(path).map_err(cannot)?))
    };
    for (i, line) in reader.split(b'\n').enumerate() {
        let bytes = line.map_err(cannot)?;
        f(i + 1, std::str::from_utf8(&bytes).map_err(|_| ()));
    }
    Ok(())
}

/// Reads and validates a catalog; invalid catalogs fail with exit code 1 and every problem.
fn load_catalog(path: &str) -> Result<Catalog, Failure> {
    check_catalog(path, &read(path)?)
}

/// Validates the text of the catalog at `path`, failing like [`load_catalog`].
fn check_catalog(path: &str, text: &str) -> Result<Catalog, Failure> {
    Catalog::from_json(text).map_err(|errors| {
        let mut message: String = errors.0.iter().map(|e| format!("{e}\n")).collect();
        let n = errors.0.len();
        message.push_str(&format!(
            "vitrine: `{path}` is not a valid catalog ({n} problem{})",
            if n == 1 { "" } else { "s" }
        ));
        Failure(1, message)
    })
}

fn validate(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &[], &[])?;
    let [path] = opts.positional.as_slice() else {
        return Err(usage("`validate` takes exactly one catalog file"));
    };
    let catalog = load_catalog(path)?;
    println!(
        "ok: {} campaigns, {} offers (version {})",
        catalog.campaigns.len(),
        catalog.offers.len(),
        catalog.version
    );
    Ok(())
}

fn replay(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &["--catalog", "--log", "--seed"], &["--json"])?;
    opts.no_positional()?;
    let catalog_path = opts.required("--catalog")?;
    let log_path = opts.required("--log")?;
    let seed = opts.number("--seed", 0u64)?;
    let catalog = load_catalog(catalog_path)?;
    let mut replayer = Replayer::new(&catalog, seed);
    for_each_line(log_path, |line, text| match text {
        Ok(text) => replayer.push_line(line, text),
        Err(_) => replayer.push_error(line, "not valid UTF-8"),
    })?;
    let report = replayer.finish();
    if opts.has("--json") {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("reports always serialize")
        );
    } else {
        print!("{}", table(&report));
        for e in report.errors.iter().take(10) {
            eprintln!("{log_path}:{}: {}", e.line, e.message);
        }
        if report.malformed > 10 {
            eprintln!("... and {} more malformed lines", report.malformed - 10);
        }
    }
    if report.records == 0 {
        return Err(Failure(
            1,
            format!("vitrine: `{log_path}` has no usable records"),
        ));
    }
    Ok(())
}

fn pct(rate: Option<f64>, stderr: Option<f64>) -> String {
    match (rate, stderr) {
        (Some(r), Some(se)) => format!("{:.2} % ± {:.2}", 100.0 * r, 100.0 * se),
        (Some(r), None) => format!("{:.2} %", 100.0 * r),
        (None, _) => "n/a".to_owned(),
    }
}

fn table(r: &ReplayReport) -> String {
    let match_rate = (r.records > 0).then(|| r.matched as f64 / r.records as f64);
    let logged_se = r
        .logged_ctr
        .map(|p| (p * (1.0 - p) / r.records as f64).sqrt());
    let rows = [
        ("records", r.records.to_string()),
        ("malformed lines (skipped)", r.malformed.to_string()),
        ("logged policy CTR", pct(r.logged_ctr, logged_se)),
        (
            "engine matched logged offer",
            format!("{} ({})", r.matched, pct(match_rate, None)),
        ),
        ("engine replay CTR", pct(r.replay_ctr, r.replay_ctr_stderr)),
        ("engine IPS CTR", pct(r.ips, r.ips_stderr)),
        ("engine SNIPS CTR", pct(r.snips, None)),
        ("engine showed nothing", r.engine_no_offer.to_string()),
        ("held out (holdout group)", r.held_out.to_string()),
        ("shown offer not in catalog", r.unknown_shown.to_string()),
        (
            "ignored feedback events",
            r.ignored_feedback_events.to_string(),
        ),
    ];
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(k, v)| format!("{k:<width$}  {v}\n"))
        .collect()
}

fn simulate_cmd(args: &[String]) -> Outcome {
    let opts = Options::parse(
        args,
        &[
            "--catalog",
            "--shoppers",
            "--visits",
            "--seed",
            "--generations",
            "--seeds",
            "--epsilon",
            "--max-strength",
            "--half-life-days",
        ],
        &[],
    )?;
    opts.no_positional()?;
    let catalog = load_catalog(opts.required("--catalog")?)?;
    if opts.get("--generations").is_some() {
        return learning::simulate_loop(&catalog, &opts);
    }
    if let Some(flag) = ["--seeds", "--epsilon", "--max-strength", "--half-life-days"]
        .into_iter()
        .find(|f| opts.get(f).is_some())
    {
        return Err(usage(format_args!("`{flag}` needs `--generations`")));
    }
    let defaults = SimConfig::default();
    let config = SimConfig {
        shoppers: opts.number("--shoppers", defaults.shoppers)?,
        visits: opts.number("--visits", defaults.visits)?,
        seed: opts.number("--seed", defaults.seed)?,
        ..defaults
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = simulate(&catalog, &config)
        .iter()
        .try_for_each(|r| writeln!(out, "{}", r.to_json_line()))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure(2, format!("vitrine: cannot write the log: {e}")))
        }
        _ => Ok(()),
    }
}
