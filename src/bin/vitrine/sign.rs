//! `vitrine keygen`, `vitrine sign` and `vitrine verify`: catalog signatures (docs/signing.md).

use std::io::{ErrorKind, Write};
use std::path::Path;

use vitrine::engine::catalog::accept::accept_cached;
use vitrine::engine::catalog::binary::{self, summary, CatalogHeader};
use vitrine::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::events::Millis;
use vitrine::engine::signature::{parse_public_keys, verify_envelope, SigningKey};

use super::inspect::now_ms;
use super::{check_catalog, read, read_bytes, usage, Failure, Options, Outcome};

/// Where `keygen` writes the secret key without `--out`.
const DEFAULT_KEY_FILE: &str = "vitrine-signing.key";
/// How long a signed catalog stays usable without `--expires-in`.
const DEFAULT_EXPIRES_IN: Millis = 30 * DAY_MS;

/// The only positional argument: the catalog file.
fn catalog_arg<'a>(opts: &'a Options, command: &str) -> Result<&'a str, Failure> {
    match opts.positional.as_slice() {
        [path] => Ok(path),
        _ => Err(usage(format_args!(
            "`{command}` takes exactly one catalog file"
        ))),
    }
}

pub fn keygen(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &["--out"], &[])?;
    opts.no_positional()?;
    let path = opts.get("--out").unwrap_or(DEFAULT_KEY_FILE);
    let key = SigningKey::generate()
        .map_err(|e| Failure(2, format!("vitrine: no randomness for a new key: {e}")))?;
    write_secret(path, &key.to_file())?;
    eprintln!(
        "vitrine: wrote the secret signing key to `{path}` (key id {}). Keep it secret: out of \
         web roots and version control. The public key for init({{ publicKeys }}):",
        key.public_key().key_id()
    );
    println!("{}", key.public_key());
    Ok(())
}

/// Creates `path` readable by its owner only; never replaces an existing file.
fn write_secret(path: &str, text: &str) -> Outcome {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| match e.kind() {
        ErrorKind::AlreadyExists => Failure(
            2,
            format!(
                "vitrine: `{path}` already exists; refusing to overwrite a key (choose another \
                 --out, or move the old key away first)"
            ),
        ),
        _ => Failure(2, format!("vitrine: cannot create `{path}`: {e}")),
    })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(path);
            Failure(2, format!("vitrine: cannot write `{path}`: {e}"))
        })
}

pub fn sign(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &["--key", "--sequence", "--expires-in", "--out"], &[])?;
    let key_path = opts.required("--key")?;
    let path = catalog_arg(&opts, "sign")?;
    let signed_at = now_ms();
    // Seconds since the epoch grow with every signing, with no counter to keep.
    let sequence = opts.number("--sequence", u64::try_from(signed_at / 1000).unwrap_or(0))?;
    let expires_in = opts
        .get("--expires-in")
        .map_or(Ok(DEFAULT_EXPIRES_IN), duration)?;
    let bin_path = match opts.get("--out") {
        Some(out) => out.to_owned(),
        None => default_bin_path(path)?,
    };
    let key = SigningKey::parse_file(&read(key_path)?)
        .map_err(|e| Failure(1, format!("vitrine: `{key_path}`: {e}")))?;
    let bytes = read_bytes(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Failure(
            1,
            format!("vitrine: `{path}` is not valid UTF-8, so not a valid catalog"),
        )
    })?;
    let catalog = check_catalog(path, text)?;
    let header = CatalogHeader {
        sequence,
        expires_at: signed_at.saturating_add(expires_in),
        signed_at,
    };
    let payload = binary::encode(&header, &catalog)
        .map_err(|e| Failure(1, format!("vitrine: `{path}`: {e}")))?;
    write_file(&bin_path, &key.sign_envelope(&payload))?;
    println!(
        "signed `{path}` with key {}: wrote `{bin_path}`\n{}",
        key.public_key().key_id(),
        summary(&header, &catalog, now_ms())
    );
    Ok(())
}

/// `catalog.json` -> `catalog.bin`, next to it.
fn default_bin_path(path: &str) -> Result<String, Failure> {
    let bin = Path::new(path).with_extension("bin");
    match bin.to_str() {
        Some(bin) if bin != path => Ok(bin.to_owned()),
        _ => Err(usage(format_args!(
            "cannot derive the output file from `{path}`: give `--out <file>`"
        ))),
    }
}

/// `30d`, `12h` or `90m`, in milliseconds.
fn duration(text: &str) -> Result<Millis, Failure> {
    let bad = || {
        usage(format_args!(
            "`--expires-in` must be a positive number of days, hours or minutes such as 30d, \
             12h or 90m, not `{text}`"
        ))
    };
    let split = text.len().checked_sub(1).ok_or_else(bad)?;
    let (number, unit) = text.split_at_checked(split).ok_or_else(bad)?;
    let unit = match unit {
        "d" => DAY_MS,
        "h" => HOUR_MS,
        "m" => MINUTE_MS,
        _ => return Err(bad()),
    };
    number
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| number.parse::<Millis>().ok())
        .flatten()
        .filter(|&n| n > 0)
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(bad)
}

fn write_file(path: &str, bytes: &[u8]) -> Outcome {
    std::fs::write(path, bytes)
        .map_err(|e| Failure(2, format!("vitrine: cannot write `{path}`: {e}")))
}

/// Verifies a signed `catalog.bin` like a device would, except for the sequence: the
/// signature, then that the payload decodes, then that it has not expired.
pub fn verify(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &["--key"], &[])?;
    let key_list: Vec<&str> = opts.required("--key")?.split(',').collect();
    let path = catalog_arg(&opts, "verify")?;
    let keys = parse_public_keys(&key_list).map_err(|e| Failure(2, format!("vitrine: {e}")))?;
    let bytes = read_bytes(path)?;
    let (index, payload) =
        verify_envelope(&bytes, &keys).map_err(|e| rejected(path, e.code(), &e))?;
    let (header, catalog) =
        binary::decode(payload).map_err(|e| rejected(path, e.code().as_str(), &e))?;
    accept_cached(&header, now_ms()).map_err(|e| rejected(path, e.code().as_str(), &e))?;
    println!(
        "ok: `{path}` is signed by key {} (publicKeys[{index}])\n{}",
        keys[index].key_id(),
        summary(&header, &catalog, now_ms())
    );
    Ok(())
}

/// The catalog at `path` is refused, with its error code.
fn rejected(path: &str, code: &str, error: &dyn std::fmt::Display) -> Failure {
    Failure(1, format!("vitrine: `{path}` rejected ({code}): {error}"))
}
