//! The `vitrine` command-line tool for shops' build pipelines (native only; `--features cli`).

use std::process::ExitCode;

const USAGE: &str = "\
vitrine - tools for Vitrine catalogs

usage:
  vitrine --version     print the version
  vitrine help          print this help
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            println!("vitrine {}", vitrine::engine::VERSION);
            ExitCode::SUCCESS
        }
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("vitrine: unknown command `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
        None => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
