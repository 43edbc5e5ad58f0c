//! The one error funnel: the shell's table of codes (`shell/src/errors.ts`, `CODES`) lists
//! exactly Rust's `ErrorCode`s, in the same order, so a number from the wasm always names the
//! same code on both sides.

mod shell_table;

use vitrine::engine::ErrorCode;

/// The quoted strings of the `CODES = [ ... ]` array in the shell's error table.
fn shell_codes() -> Vec<String> {
    shell_table::quoted_list("errors.ts", "CODES")
}

#[test]
fn shell_table_lists_exactly_the_rust_codes_in_order() {
    let rust: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(shell_codes(), rust);
}

/// The quoted codes of the shell's `ENGINE_CODES = { n: 'code', ... }` (shell/src/errors.ts).
fn shell_engine_codes() -> std::collections::BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/shell/src/errors.ts");
    let text = std::fs::read_to_string(path).unwrap();
    let start = text
        .find("ENGINE_CODES")
        .expect("errors.ts declares ENGINE_CODES");
    let body = &text[start..];
    let body = &body[body.find("= {").expect("ENGINE_CODES = {")..];
    let body = &body[..body.find('}').expect("the table ends with `}`")];
    body.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_shell_knows_every_code_the_main_engine_can_answer() {
    use vitrine::engine::catalog::accept::AcceptError;
    use vitrine::engine::catalog::binary::DecodeError;
    use vitrine::engine::events::bytes::EventBytesError;
    use vitrine::engine::profile::ProfileBytesError;
    // Every error the wasm boundary (wasm/src/lib.rs) reports, one of each variant; a new
    // variant does not compile here until it is listed.
    let decode = [
        DecodeError::TooLarge { bytes: 0 },
        DecodeError::NotACatalog,
        DecodeError::UnsupportedFormat { found: 0 },
        DecodeError::Malformed {
            offset: 0,
            reason: "",
        },
        DecodeError::Invalid { reason: "" },
    ];
    for e in &decode {
        match e {
            DecodeError::TooLarge { .. }
            | DecodeError::NotACatalog
            | DecodeError::UnsupportedFormat { .. }
            | DecodeError::Malformed { .. }
            | DecodeError::Invalid { .. } => {}
        }
    }
    let accept = [
        AcceptError::Rollback {
            held: 2,
            offered: 1,
        },
        AcceptError::Expired {
            expires_at: 0,
            now: 1,
        },
    ];
    for e in &accept {
        match e {
            AcceptError::Rollback { .. } | AcceptError::Expired { .. } => {}
        }
    }
    let profile = [
        ProfileBytesError::NotAProfile,
        ProfileBytesError::UnsupportedLayout { found: 9 },
        ProfileBytesError::Truncated,
        ProfileBytesError::Malformed,
        ProfileBytesError::TrailingBytes,
    ];
    let events = [
        EventBytesError::MissingCount,
        EventBytesError::TrailingBytes,
        EventBytesError::OffScale { index: 0 },
    ];
    let codes: std::collections::BTreeSet<String> = decode
        .iter()
        .map(DecodeError::code)
        .chain(accept.iter().map(AcceptError::code))
        .chain(profile.iter().map(|e| e.code()))
        .chain(events.iter().map(|e| e.code()))
        // A decision context the wasm refuses (wasm/src/context.rs).
        .chain([ErrorCode::ContextInvalid])
        .map(|c| c.as_str().to_owned())
        .collect();
    assert_eq!(shell_engine_codes(), codes);
}
