//! Search query normalisation and the short list of recent terms.

use crate::engine::prelude::*;

use crate::engine::events::Millis;

use super::config::{MAX_QUERY_CHARS, MAX_SEARCH_TERMS};

/// Longest term kept, in characters; longer terms are cut to this length.
pub const MAX_TERM_CHARS: usize = 32;
/// Most terms taken from one query (the first ones).
pub const MAX_TERMS_PER_QUERY: usize = 8;
/// Shortest term kept, in characters.
pub const MIN_TERM_CHARS: usize = 2;

/// English stop words that carry no interest ("shoes for men" -> shoes, men). One-letter
/// words are dropped by [`MIN_TERM_CHARS`] anyway.
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "me", "my", "of",
    "on", "or", "our", "so", "the", "this", "that", "to", "with", "your",
];

/// Splits a search query into interest terms: lowercase (Unicode), split on anything that is
/// not alphanumeric (`char::is_alphanumeric`), drop terms shorter than [`MIN_TERM_CHARS`] and
/// [`STOP_WORDS`], cut terms to [`MAX_TERM_CHARS`], drop repeats, keep at most
/// [`MAX_TERMS_PER_QUERY`]. Only the first [`MAX_QUERY_CHARS`] characters are read.
///
/// `"Organic COFFEE beans, for the Espresso-machine!"` gives
/// `["organic", "coffee", "beans", "espresso", "machine"]`.
///
/// Without the `unicode` feature (the browser's wasm) only ASCII is lowercased and split, and
/// every other character counts as a letter: the shell has already folded the query with
/// `foldQuery` (shell/src/search-fold.ts), which does the Unicode part as the core's `fold_char` does, so
/// that both give the same terms (tests/vectors/search-terms.json checks it in the browser).
pub fn normalize_query(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0usize;
    let flush = |term: &mut String, chars: &mut usize, terms: &mut Vec<String>| {
        if *chars >= MIN_TERM_CHARS
            && terms.len() < MAX_TERMS_PER_QUERY
            && !STOP_WORDS.contains(&term.as_str())
            && !terms.contains(term)
        {
            terms.push(core::mem::take(term));
        } else {
            term.clear();
        }
        *chars = 0;
    };
    let push = |c: char, term: &mut String, chars: &mut usize| {
        if *chars < MAX_TERM_CHARS {
            term.push(c);
            *chars += 1;
        }
    };
    for c in query.chars().take(MAX_QUERY_CHARS) {
        if c.is_ascii_alphanumeric() {
            push(c.to_ascii_lowercase(), &mut current, &mut current_chars);
        } else if c.is_ascii() || !fold_char(c, |l| push(l, &mut current, &mut current_chars)) {
            flush(&mut current, &mut current_chars, &mut terms);
        }
    }
    flush(&mut current, &mut current_chars, &mut terms);
    terms
}

/// The Unicode part of [`normalize_query`] for one non-ASCII character: gives its lowercase
/// letters and digits to `letter` and returns true, or returns false for a separator.
/// Lowercasing may add combining marks (e.g. 'İ' -> "i̇"); only what is alphanumeric is kept, so
/// a term normalises to itself.
#[cfg(feature = "unicode")]
fn fold_char(c: char, mut letter: impl FnMut(char)) -> bool {
    if !c.is_alphanumeric() {
        return false;
    }
    c.to_lowercase()
        .filter(|l| l.is_alphanumeric())
        .for_each(&mut letter);
    true
}

/// Without Unicode tables: the shell folded the query, so a non-ASCII character is a letter.
#[cfg(not(feature = "unicode"))]
fn fold_char(c: char, mut letter: impl FnMut(char)) -> bool {
    letter(c);
    true
}

/// True when `term` is something [`normalize_query`] can produce on its own.
pub(crate) fn is_normalized_term(term: &str) -> bool {
    normalize_query(term).first().map(String::as_str) == Some(term)
}

/// The newest distinct terms with the time each was last searched, newest first (at most
/// [`MAX_SEARCH_TERMS`], so a plain list).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RecentTerms {
    terms: Vec<(String, Millis)>,
}

impl RecentTerms {
    /// Records `term` searched at `at`, keeping the list sorted newest first and bounded. A
    /// repeated term moves to its newest time; a late one finds its place by time.
    pub(crate) fn record(&mut self, term: &str, at: Millis) {
        let mut at = at;
        if let Some(i) = self.terms.iter().position(|(t, _)| t == term) {
            let (_, previous) = self.terms.remove(i);
            at = at.max(previous);
        }
        let position = self.terms.partition_point(|(_, t)| *t > at);
        if position < MAX_SEARCH_TERMS {
            self.terms.insert(position, (term.to_owned(), at));
            self.terms.truncate(MAX_SEARCH_TERMS);
        }
    }

    /// Records the terms of one query searched at `at`, so that they read in query order.
    pub(crate) fn record_query(&mut self, terms: &[String], at: Millis) {
        for term in terms.iter().rev() {
            self.record(term, at);
        }
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = (&str, Millis)> {
        self.terms.iter().map(|(t, at)| (t.as_str(), *at))
    }

    pub(crate) fn prune(&mut self, cutoff: Millis) {
        self.terms.retain(|(_, at)| *at >= cutoff);
    }
}
