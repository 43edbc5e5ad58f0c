//! `vitrine keygen`, `vitrine sign` and `vitrine verify`: catalog signatures (docs/signing.md).

use std::io::{ErrorKind, Write};

use vitrine::engine::signature::{
    self, parse_public_keys, SignatureError, SigningKey, SIGNATURE_SUFFIX,
};

use super::{check_catalog, read, usage, Failure, Options, Outcome};

/// Where `keygen` writes the secret key without `--out`.
const DEFAULT_KEY_FILE: &str = "vitrine-signing.key";

fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure(2, format!("vitrine: cannot read `{path}`: {e}")))
}

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
    let opts = Options::parse(args, &["--key"], &[])?;
    let key_path = opts.required("--key")?;
    let path = catalog_arg(&opts, "sign")?;
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
    let sig_path = format!("{path}{SIGNATURE_SUFFIX}");
    std::fs::write(&sig_path, key.sign(&bytes))
        .map_err(|e| Failure(2, format!("vitrine: cannot write `{sig_path}`: {e}")))?;
    println!(
        "signed `{path}` (version {}) with key {}: wrote `{sig_path}`",
        catalog.version,
        key.public_key().key_id()
    );
    Ok(())
}

pub fn verify(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &["--key", "--sig"], &[])?;
    let key_list: Vec<&str> = opts.required("--key")?.split(',').collect();
    let path = catalog_arg(&opts, "verify")?;
    let keys = parse_public_keys(&key_list).map_err(|e| Failure(2, format!("vitrine: {e}")))?;
    let bytes = read_bytes(path)?;
    let sig_path = opts
        .get("--sig")
        .map_or_else(|| format!("{path}{SIGNATURE_SUFFIX}"), str::to_owned);
    let rejected =
        |e: SignatureError| Failure(1, format!("vitrine: `{path}` rejected ({}): {e}", e.code()));
    let sig_text = match std::fs::read_to_string(&sig_path) {
        Ok(text) => text,
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(rejected(SignatureError::Missing)),
        Err(e) => {
            return Err(Failure(
                2,
                format!("vitrine: cannot read `{sig_path}`: {e}"),
            ))
        }
    };
    let index = signature::verify(&bytes, &sig_text, &keys).map_err(rejected)?;
    println!(
        "ok: `{path}` is signed by key {} (publicKeys[{index}])",
        keys[index].key_id()
    );
    Ok(())
}
