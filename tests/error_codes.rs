//! The one error funnel: the shell's table of codes (`shell/src/errors.ts`, `CODES`) lists
//! exactly Rust's `ErrorCode`s, in the same order, so a number from the wasm always names the
//! same code on both sides.

use vitrine::engine::ErrorCode;

/// The quoted strings of the `CODES = [ ... ]` array in the shell's error table.
fn shell_codes() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/shell/src/errors.ts");
    let text = std::fs::read_to_string(path).expect("read shell/src/errors.ts");
    let start = text
        .find("CODES = [")
        .expect("errors.ts declares `CODES = [`");
    let body = &text[start..];
    let body = &body[..body.find(']').expect("CODES ends with `]`")];
    body.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn shell_table_lists_exactly_the_rust_codes_in_order() {
    let rust: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(shell_codes(), rust);
}
