//! Fetching the catalog and its signature: GET without cookies, a timeout, ETag revalidation
//! and a size limit. Nothing about the shopper is ever part of these requests.

use std::fmt;

use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use web_sys::{AbortController, ReferrerPolicy, RequestCache, RequestCredentials};

use crate::engine::catalog::limits::MAX_CATALOG_BYTES;

/// The answer to a catalog request.
pub enum Fetched {
    /// 304: the cached copy is current.
    NotModified,
    /// 200: a new catalog text and its ETag.
    Fresh {
        /// The exact text.
        text: String,
        /// The ETag, if the server sent one.
        etag: Option<String>,
    },
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// No answer within the timeout.
    Timeout(u32),
    /// The request never got an HTTP answer (offline, DNS, CORS).
    Network(String),
    /// The server answered with an error status.
    Status(u16),
    /// The body is larger than the catalog limit.
    TooLarge(usize),
    /// The body is not UTF-8 text.
    NotUtf8,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Timeout(ms) => write!(f, "no answer within {ms} ms"),
            FetchError::Network(why) => write!(f, "network error: {why}"),
            FetchError::Status(s) => write!(f, "the server answered HTTP {s}"),
            FetchError::NotUtf8 => f.write_str("the response is not UTF-8 text"),
            FetchError::TooLarge(n) => write!(
                f,
                "the response is {n} bytes, over the {MAX_CATALOG_BYTES}-byte catalog limit"
            ),
        }
    }
}

/// GETs `url`, revalidating against `etag`. `credentials: omit`, so no cookies are sent.
pub async fn get(url: &str, etag: Option<&str>, timeout_ms: u32) -> Result<Fetched, FetchError> {
    let response = send(url, etag, timeout_ms).await?;
    match response.status() {
        304 if etag.is_some() => Ok(Fetched::NotModified),
        200 => {
            let etag = response.headers().get("ETag");
            let text = body(&response).await?;
            Ok(Fetched::Fresh { text, etag })
        }
        status => Err(FetchError::Status(status)),
    }
}

/// GETs a small text file such as the detached signature.
pub async fn get_text(url: &str, timeout_ms: u32) -> Result<String, FetchError> {
    let response = send(url, None, timeout_ms).await?;
    match response.status() {
        200 => body(&response).await,
        status => Err(FetchError::Status(status)),
    }
}

async fn send(url: &str, etag: Option<&str>, timeout_ms: u32) -> Result<Response, FetchError> {
    let controller = AbortController::new().map_err(|e| FetchError::Network(format!("{e:?}")))?;
    let signal = controller.signal();
    let mut request = Request::get(url)
        .credentials(RequestCredentials::Omit)
        // The page's URL (a product, a search query) is behaviour: never send it as Referer.
        .referrer_policy(ReferrerPolicy::NoReferrer)
        // Always ask the server (our ETag logic decides freshness), never a stale HTTP cache.
        .cache(RequestCache::NoCache)
        .abort_signal(Some(&signal));
    if let Some(etag) = etag {
        request = request.header("If-None-Match", etag);
    }
    let request = request
        .build()
        .map_err(|e| FetchError::Network(e.to_string()))?;
    let _timer = Timeout::new(timeout_ms, move || controller.abort());
    request.send().await.map_err(|e| {
        if signal.aborted() {
            FetchError::Timeout(timeout_ms)
        } else {
            FetchError::Network(e.to_string())
        }
    })
}

async fn body(response: &Response) -> Result<String, FetchError> {
    let declared = response
        .headers()
        .get("Content-Length")
        .and_then(|n| n.parse::<usize>().ok());
    if let Some(n) = declared.filter(|&n| n > MAX_CATALOG_BYTES) {
        return Err(FetchError::TooLarge(n));
    }
    // The exact bytes (what the signature covers): `text()` would silently drop a BOM.
    let bytes = response
        .binary()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    if bytes.len() > MAX_CATALOG_BYTES {
        return Err(FetchError::TooLarge(bytes.len()));
    }
    String::from_utf8(bytes).map_err(|_| FetchError::NotUtf8)
}
