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
