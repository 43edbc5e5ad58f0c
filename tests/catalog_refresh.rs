#![cfg(not(target_arch = "wasm32"))]
//! Stale-while-revalidate timing and backoff for the cached catalog.

use vitrine::engine::catalog::refresh::RefreshPolicy;

#[test]
fn a_fresh_cache_is_not_revalidated() {
    let p = RefreshPolicy::default();
    assert!(!p.due(1_000, 0, 1_000 + p.fresh_for - 1));
    assert!(p.due(1_000, 0, 1_000 + p.fresh_for));
}

#[test]
fn backoff_holds_requests_until_retry_time() {
    let p = RefreshPolicy::default();
    assert!(!p.due(0, 500_000, 499_999));
    assert!(p.due(0, 500_000, 500_000));
}

#[test]
fn backoff_doubles_and_is_capped() {
    let p = RefreshPolicy::default();
    let mid: Vec<i64> = (1..=5).map(|f| p.backoff(f, 0.5)).collect();
    assert_eq!(mid, [5_000, 10_000, 20_000, 40_000, 80_000]);
    assert_eq!(p.backoff(100, 0.5), p.backoff_max);
}

#[test]
fn jitter_spreads_retries_between_half_and_one_and_a_half() {
    let p = RefreshPolicy::default();
    assert_eq!(p.backoff(1, 0.0), 2_500);
    assert_eq!(p.backoff(1, 1.0), 7_500);
    assert_eq!(p.backoff(1, 7.0), 7_500, "out-of-range dice are clamped");
}
