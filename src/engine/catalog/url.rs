//! The URL policy for links and images: https:, http: or relative, nothing else.
//!
//! Checked when a catalog is validated and again by the renderer before a URL reaches the DOM.
//! Browsers ignore tabs and newlines inside URLs and trim spaces and control characters, which
//! is how `java\tscript:` sneaks past naive checks; such URLs are rejected outright.

/// Why a URL is not allowed.
pub type UrlError = &'static str;

/// Accepts `https:` and `http:` URLs with a host, protocol-relative URLs (`//cdn.example/x`) and
/// relative URLs (`/sale`, `sale.html`, `?q=1`, `#top`); rejects every other scheme
/// (`javascript:`, `data:`, `vbscript:`, ...) and any whitespace or control character.
pub fn check_url(url: &str) -> Result<(), UrlError> {
    if url.is_empty() {
        return Err("the URL is empty");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the URL contains whitespace or control characters (percent-encode them)");
    }
    match scheme(url) {
        None => Ok(()),
        Some(s) if s.eq_ignore_ascii_case("https") || s.eq_ignore_ascii_case("http") => {
            let rest = &url[s.len() + 1..];
            if rest.starts_with("//") && rest.len() > 2 {
                Ok(())
            } else {
                Err("an http(s) URL needs a host (https://host/...)")
            }
        }
        Some(_) => Err("the URL scheme is not allowed"),
    }
}

/// True for URLs that leave the page's origin by naming a host (absolute or protocol-relative).
pub fn is_external(url: &str) -> bool {
    url.starts_with("//") || url.starts_with("\\\\") || scheme(url).is_some()
}

/// The scheme of `url` per the URL standard (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`),
/// or `None` for a relative URL.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let candidate = &url[..end];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // A colon after a path or query character ("/a:b", "?x=1:2") is not a scheme separator.
    valid.then_some(candidate)
}
