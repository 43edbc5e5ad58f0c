//! Reads the shell's name tables (`const NAME = [ 'a', 'b', ... ]` in a file of `shell/src/`),
//! for the tests that check them against Rust's enums.

/// The quoted strings of `<name> = [ ... ]` in `shell/src/<file>`.
pub fn quoted_list(file: &str, name: &str) -> Vec<String> {
    let path = format!("{}/shell/src/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let start = text
        .find(&format!("{name} = ["))
        .unwrap_or_else(|| panic!("{file} declares `{name} = [`"));
    let body = &text[start..];
    let body = &body[..body.find(']').expect("the table ends with `]`")];
    body.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}
