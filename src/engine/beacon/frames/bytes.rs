//! Bounds-checked byte helpers shared by the frame parsers and encoders: none of them can
//! panic, whatever the input.

use super::FrameError;

/// Requires `data.len() == len` for a fixed-size frame.
pub(super) fn exact_len(kind: &'static str, data: &[u8], len: usize) -> Result<(), FrameError> {
    let got = data.len();
    match got.cmp(&len) {
        core::cmp::Ordering::Less => Err(FrameError::TooShort {
            kind,
            expected: len,
            got,
        }),
        core::cmp::Ordering::Greater => Err(FrameError::TooLong {
            kind,
            expected: len,
            got,
        }),
        core::cmp::Ordering::Equal => Ok(()),
    }
}

/// Concatenates `parts` into a fixed-size array (extra bytes are dropped,
/// missing ones stay zero; callers pass exactly `N` bytes).
pub(super) fn concat<const N: usize>(parts: &[&[u8]]) -> [u8; N] {
    let mut out = [0u8; N];
    for (dst, src) in out.iter_mut().zip(parts.iter().copied().flatten()) {
        *dst = *src;
    }
    out
}

/// Copies `N` bytes starting at `at`, or `None` when out of range.
pub(super) fn array<const N: usize>(data: &[u8], at: usize) -> Option<[u8; N]> {
    data.get(at..at.checked_add(N)?)?.try_into().ok()
}

/// Big-endian `u16` at `at`, or `None` when out of range.
pub(super) fn be16(data: &[u8], at: usize) -> Option<u16> {
    array(data, at).map(u16::from_be_bytes)
}

/// Big-endian `u32` at `at`, or `None` when out of range.
pub(super) fn be32(data: &[u8], at: usize) -> Option<u32> {
    array(data, at).map(u32::from_be_bytes)
}

/// The byte at `at` as a signed dBm value, or `None` when out of range.
pub(super) fn signed(data: &[u8], at: usize) -> Option<i8> {
    data.get(at).map(|b| i8::from_be_bytes([*b]))
}
