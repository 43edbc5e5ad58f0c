//! **Eddystone-URL**: frame type `0x10`, tx power at 0 m (`i8`), a scheme byte, and up to 17
//! bytes of URL in which `0x00..=0x0D` expand to common suffixes such as `.com/`.

use crate::engine::prelude::*;

use super::bytes::signed;
use super::eddystone::FRAME_URL;
use super::FrameError;

/// Minimum length of an Eddystone-URL frame (type, tx power, scheme).
pub const EDDYSTONE_URL_MIN_LEN: usize = 3;

/// Maximum length of an Eddystone-URL frame (17 encoded URL bytes).
pub const EDDYSTONE_URL_MAX_LEN: usize = 20;

/// Eddystone-URL scheme prefixes, indexed by the scheme byte.
const URL_SCHEMES: [&str; 4] = ["http://www.", "https://www.", "http://", "https://"];
/// Eddystone-URL expansion codes `0x00..=0x0D`, indexed by the code byte.
const URL_EXPANSIONS: [&str; 14] = [
    ".com/", ".org/", ".edu/", ".net/", ".info/", ".biz/", ".gov/", ".com", ".org", ".edu", ".net",
    ".info", ".biz", ".gov",
];

/// An Eddystone-URL frame with its URL fully expanded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EddystoneUrl {
    /// Calibrated tx power at 0 m, in dBm.
    pub tx_power_at_0m: i8,
    /// The expanded URL, e.g. `https://www.example.com/`.
    pub url: String,
}

pub(super) fn parse_url(data: &[u8]) -> Result<EddystoneUrl, FrameError> {
    const KIND: &str = "Eddystone-URL";
    let got = data.len();
    if got > EDDYSTONE_URL_MAX_LEN {
        return Err(FrameError::TooLong {
            kind: KIND,
            expected: EDDYSTONE_URL_MAX_LEN,
            got,
        });
    }
    let (Some(tx), Some(&scheme), Some(rest)) = (signed(data, 1), data.get(2), data.get(3..))
    else {
        return Err(FrameError::TooShort {
            kind: KIND,
            expected: EDDYSTONE_URL_MIN_LEN,
            got,
        });
    };
    let prefix = URL_SCHEMES
        .get(usize::from(scheme))
        .ok_or(FrameError::InvalidUrlScheme(scheme))?;
    let mut url = String::from(*prefix);
    for &b in rest {
        match URL_EXPANSIONS.get(usize::from(b)) {
            Some(expansion) => url.push_str(expansion),
            None if (0x21..=0x7E).contains(&b) => url.push(char::from(b)),
            None => return Err(FrameError::InvalidUrlByte(b)),
        }
    }
    Ok(EddystoneUrl {
        tx_power_at_0m: tx,
        url,
    })
}

impl EddystoneUrl {
    /// Encodes as service data, using the longest scheme and expansion codes.
    ///
    /// Fails when the URL has no Eddystone scheme, contains a byte outside
    /// printable ASCII, or needs more than 17 encoded bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, FrameError> {
        let unencodable = || FrameError::UnencodableUrl(self.url.clone());
        let (scheme, rest) = longest_prefix(&URL_SCHEMES, &self.url).ok_or_else(unencodable)?;
        let mut out = vec![FRAME_URL, self.tx_power_at_0m.to_be_bytes()[0], scheme];
        let mut rest = rest;
        while let Some(c) = rest.chars().next() {
            if let Some((code, tail)) = longest_prefix(&URL_EXPANSIONS, rest) {
                out.push(code);
                rest = tail;
            } else {
                let byte = u8::try_from(c)
                    .ok()
                    .filter(u8::is_ascii_graphic)
                    .ok_or_else(unencodable)?;
                out.push(byte);
                rest = rest.get(1..).unwrap_or_default();
            }
        }
        let encoded_len = out.len().saturating_sub(EDDYSTONE_URL_MIN_LEN);
        if out.len() > EDDYSTONE_URL_MAX_LEN {
            return Err(FrameError::UrlTooLong { encoded_len });
        }
        Ok(out)
    }
}

/// Finds the longest entry of `table` that prefixes `s`: (its index, the rest).
fn longest_prefix<'a>(table: &[&str], s: &'a str) -> Option<(u8, &'a str)> {
    table
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((u8::try_from(i).ok()?, p.len(), s.strip_prefix(p)?)))
        .max_by_key(|(_, len, _)| *len)
        .map(|(i, _, rest)| (i, rest))
}
