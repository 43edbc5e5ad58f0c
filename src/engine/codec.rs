//! postcard's encoding, read and written by hand for the wasm's size.
//!
//! Every binary record (the catalog body, the stored profile, event batches, and what crosses
//! the wasm boundary) is in [postcard](https://docs.rs/postcard)'s encoding, and serde's derives
//! on the wire structs remain its specification: native code encodes with them, and native
//! tests check that this reader and writer agree with postcard byte for byte, and on any input.
//! In the browser's wasm, though, serde's visitors are instantiated once per list, tuple and
//! option type; with this reader and writer, a few non-generic functions every record shares,
//! the wasm carries neither serde's visitors nor postcard (4 kB gzip less: BENCHMARKS.md, Size).
//!
//! The encoding: unsigned integers are LEB128 varints (at most 3 bytes for `u16`, 5 for `u32`,
//! 10 for `u64`; postcard's check of the last byte included), signed ones zigzag varints, `f64`
//! 8 little-endian bytes, texts a varint byte length and UTF-8, options a 0 or 1 tag, enums a
//! varint variant index, lists a varint count, structs and tuples their fields in order. List
//! counts are read as `u64` varints (postcard's `usize` on 64-bit hosts). Every list entry the
//! records hold takes at least one byte, so a hostile count ends at the input's end, and no
//! list reserves more than the bytes left.

use crate::engine::prelude::*;

/// Why bytes did not read (postcard's errors of the same names in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    /// The bytes end inside a value (`DeserializeUnexpectedEnd`).
    End,
    /// A varint is too long (`DeserializeBadVarint`).
    Varint,
    /// A flag is neither 0 nor 1 (`DeserializeBadBool`).
    Bool,
    /// A text is not UTF-8 (`DeserializeBadUtf8`).
    Utf8,
    /// An option's tag is neither 0 nor 1 (`DeserializeBadOption`).
    Option,
    /// An unknown enum variant, or a list over its limit (serde's custom errors).
    Unknown,
}

impl ReadError {
    /// What is wrong, for error messages.
    pub fn reason(self) -> &'static str {
        match self {
            ReadError::End => "it ends too early",
            ReadError::Varint => "a number is malformed",
            ReadError::Bool => "a flag is neither 0 nor 1",
            ReadError::Utf8 => "a text is not UTF-8",
            ReadError::Option => "an optional value is malformed",
            ReadError::Unknown => "an unknown kind of value, or a list over its limit",
        }
    }
}

/// Reads values from the front of a byte slice. Texts borrow from it.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    /// The bytes not read yet.
    pub fn rest(&self) -> &'a [u8] {
        self.bytes
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ReadError> {
        if n > self.bytes.len() {
            return Err(ReadError::End);
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(taken)
    }

    /// A varint of at most `max_bytes` bytes whose last byte is at most `max_last`.
    fn varint(&mut self, max_bytes: u32, max_last: u8) -> Result<u64, ReadError> {
        let mut out = 0u64;
        for i in 0..max_bytes {
            let byte = self.take(1)?[0];
            out |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                let over = i == max_bytes - 1 && byte > max_last;
                return if over {
                    Err(ReadError::Varint)
                } else {
                    Ok(out)
                };
            }
        }
        Err(ReadError::Varint)
    }

    /// A `u16`.
    pub fn u16(&mut self) -> Result<u16, ReadError> {
        self.varint(3, 0b11).map(|v| v as u16)
    }

    /// A `u32`.
    pub fn u32(&mut self) -> Result<u32, ReadError> {
        self.varint(5, 0b1111).map(|v| v as u32)
    }

    /// A `u64`.
    pub fn u64(&mut self) -> Result<u64, ReadError> {
        self.varint(10, 1)
    }

    /// An `i32`.
    pub fn i32(&mut self) -> Result<i32, ReadError> {
        self.u32().map(|v| ((v >> 1) as i32) ^ -((v & 1) as i32))
    }

    /// An `i64`.
    pub fn i64(&mut self) -> Result<i64, ReadError> {
        self.u64().map(|v| ((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// An `f64`.
    pub fn f64(&mut self) -> Result<f64, ReadError> {
        let bytes = self.take(8)?;
        Ok(f64::from_le_bytes(bytes.try_into().unwrap_or_default()))
    }

    /// A byte.
    pub fn u8(&mut self) -> Result<u8, ReadError> {
        Ok(self.take(1)?[0])
    }

    /// A flag.
    pub fn bool(&mut self) -> Result<bool, ReadError> {
        self.flag(ReadError::Bool)
    }

    /// An option's tag: whether a value follows.
    pub fn some(&mut self) -> Result<bool, ReadError> {
        self.flag(ReadError::Option)
    }

    fn flag(&mut self, error: ReadError) -> Result<bool, ReadError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(error),
        }
    }

    /// An enum's variant index, refused when it is not below `variants`.
    pub fn variant(&mut self, variants: u32) -> Result<u32, ReadError> {
        match self.u32()? {
            v if v < variants => Ok(v),
            _ => Err(ReadError::Unknown),
        }
    }

    /// `N` bytes as an array.
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], ReadError> {
        Ok(self.take(N)?.try_into().unwrap_or([0; N]))
    }

    /// A text.
    pub fn str(&mut self) -> Result<&'a str, ReadError> {
        let len = self.u64()?;
        let bytes = self.take(usize::try_from(len).map_err(|_| ReadError::End)?)?;
        core::str::from_utf8(bytes).map_err(|_| ReadError::Utf8)
    }

    /// An optional text.
    pub fn opt_str(&mut self) -> Result<Option<&'a str>, ReadError> {
        self.opt(Self::str)
    }

    /// An optional value read by `value`.
    pub fn opt<T>(
        &mut self,
        value: impl FnOnce(&mut Self) -> Result<T, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        if self.some()? {
            value(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// An optional `i64`.
    pub fn opt_i64(&mut self) -> Result<Option<i64>, ReadError> {
        self.opt(Self::i64)
    }

    /// An optional `f64`.
    pub fn opt_f64(&mut self) -> Result<Option<f64>, ReadError> {
        self.opt(Self::f64)
    }

    /// A list of at most `max` entries, each read by `entry`. A longer stated count is refused
    /// before any entry is read, unless it is beyond the bytes left (then the entries run out
    /// first, or the one after `max` is refused): postcard's reading of the profile's
    /// `at_most` lists, kept exactly. Either way nothing is reserved beyond the bytes left.
    pub fn list<T>(
        &mut self,
        max: usize,
        mut entry: impl FnMut(&mut Self) -> Result<T, ReadError>,
    ) -> Result<Vec<T>, ReadError> {
        let mut items = Vec::new();
        self.each(max, |r| {
            items.push(entry(r)?);
            Ok(())
        })?;
        Ok(items)
    }

    /// Reads the entries of a list of [`Reader::list`]'s kind one by one with `entry`, which
    /// takes each where it goes (nothing is collected).
    pub fn each(
        &mut self,
        max: usize,
        mut entry: impl FnMut(&mut Self) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let n = self.u64()?;
        if n > max as u64 && n <= self.bytes.len() as u64 {
            return Err(ReadError::Unknown);
        }
        for i in 0..n {
            entry(self)?;
            if i == max as u64 {
                // One entry more than `max`: refused once it reads, as postcard refuses it.
                return Err(ReadError::Unknown);
            }
        }
        Ok(())
    }

    /// A list of which at most `max + 1` entries are kept: enough to tell that it is over
    /// `max`, never more memory, whatever count it states. Every entry is read, so the input
    /// stays aligned (the event batches' lists).
    pub fn capped_list<T>(
        &mut self,
        max: usize,
        mut entry: impl FnMut(&mut Self) -> Result<T, ReadError>,
    ) -> Result<Vec<T>, ReadError> {
        let n = self.u64()?;
        let mut items = Vec::with_capacity((n as usize).min(max + 1).min(self.bytes.len()));
        for _ in 0..n {
            let item = entry(self)?;
            if items.len() <= max {
                items.push(item);
            }
        }
        Ok(items)
    }

    /// The count of a list of [`Reader::tight_list`]'s kind, whose entries the caller reads.
    pub fn tight_count(&mut self, max: usize) -> Result<usize, ReadError> {
        match self.u64()? {
            n if n <= max as u64 && n <= self.bytes.len() as u64 => Ok(n as usize),
            _ => Err(ReadError::Unknown),
        }
    }

    /// A list of at most `max` entries, each read by `entry`; a stated count over `max` or
    /// beyond the bytes left (every entry takes at least one) is refused at once, as the
    /// catalog's lists are.
    pub fn tight_list<T>(
        &mut self,
        max: usize,
        mut entry: impl FnMut(&mut Self) -> Result<T, ReadError>,
    ) -> Result<Vec<T>, ReadError> {
        let n = self.tight_count(max)?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(entry(self)?);
        }
        Ok(items)
    }
}

/// Appends values to a byte vector.
#[derive(Debug, Default)]
pub struct Writer {
    /// What was written.
    pub bytes: Vec<u8>,
}

impl Writer {
    /// A `u64` (any unsigned integer widens to it: the varint is the same).
    pub fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// A `u32`.
    pub fn u32(&mut self, v: u32) {
        self.u64(u64::from(v));
    }

    /// An `i64` (an `i32` widens to it: the zigzag varint is the same).
    pub fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64);
    }

    /// An `f64`.
    pub fn f64(&mut self, v: f64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A `u8` (a raw byte).
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// A flag, or an option's tag.
    pub fn bool(&mut self, flag: bool) {
        self.bytes.push(u8::from(flag));
    }

    /// An option's tag.
    pub fn some(&mut self, present: bool) {
        self.bool(present);
    }

    /// An optional value written by `value`.
    pub fn opt<T>(&mut self, v: Option<T>, value: impl FnOnce(&mut Self, T)) {
        self.some(v.is_some());
        if let Some(v) = v {
            value(self, v);
        }
    }

    /// A text.
    pub fn str(&mut self, s: &str) {
        self.byte_string(s.as_bytes());
    }

    /// A byte string (`&[u8]` in serde): its length, then its bytes.
    pub fn byte_string(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        self.bytes.extend_from_slice(bytes);
    }

    /// An optional text.
    pub fn opt_str(&mut self, s: Option<&str>) {
        self.opt(s, Self::str);
    }

    /// An optional `i64`.
    pub fn opt_i64(&mut self, v: Option<i64>) {
        self.opt(v, Self::i64);
    }

    /// An optional `f64`.
    pub fn opt_f64(&mut self, v: Option<f64>) {
        self.opt(v, Self::f64);
    }

    /// A list: its count, then each entry written by `entry`.
    pub fn list<T>(&mut self, items: &[T], entry: impl FnMut(&mut Self, &T)) {
        self.seq(items.iter(), entry);
    }

    /// A list of the items of an iterator: its count, then each entry written by `entry`.
    pub fn seq<T>(
        &mut self,
        items: impl ExactSizeIterator<Item = T>,
        mut entry: impl FnMut(&mut Self, T),
    ) {
        self.u64(items.len() as u64);
        for item in items {
            entry(self, item);
        }
    }
}

/// This module's name for a postcard error (tests compare these readers with postcard).
#[cfg(test)]
pub(crate) fn same_error(error: postcard::Error) -> ReadError {
    use postcard::Error as E;
    match error {
        E::DeserializeUnexpectedEnd => ReadError::End,
        E::DeserializeBadVarint => ReadError::Varint,
        E::DeserializeBadBool => ReadError::Bool,
        E::DeserializeBadUtf8 => ReadError::Utf8,
        E::DeserializeBadOption => ReadError::Option,
        _ => ReadError::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::codec::same_error;
    use serde::{Deserialize, Serialize};

    fn agree<'a, T>(bytes: &'a [u8], read: impl Fn(&mut Reader<'a>) -> Result<T, ReadError>)
    where
        T: for<'de> Deserialize<'de> + PartialEq + core::fmt::Debug,
    {
        let theirs = postcard::take_from_bytes::<T>(bytes);
        let mut r = Reader::new(bytes);
        let ours = read(&mut r);
        match (theirs, ours) {
            (Ok((v, rest)), Ok(w)) => {
                assert_eq!(v, w, "{bytes:?}");
                assert_eq!(rest, r.rest(), "{bytes:?}");
            }
            (Err(theirs), Err(e)) => assert_eq!(e, same_error(theirs), "{bytes:?}"),
            (theirs, ours) => panic!("{bytes:?}: postcard {theirs:?}, here {ours:?}"),
        }
    }

    /// Every byte string of up to 3 bytes, and longer runs of continuation bytes.
    fn inputs() -> Vec<Vec<u8>> {
        let mut all = vec![vec![]];
        let interesting = [0u8, 1, 2, 3, 4, 0x0f, 0x10, 0x7f, 0x80, 0x81, 0xff];
        for &a in &interesting {
            all.push(vec![a]);
            for &b in &interesting {
                all.push(vec![a, b]);
                for &c in &interesting {
                    all.push(vec![a, b, c]);
                }
            }
        }
        for n in 1..=11 {
            for last in [0u8, 1, 2, 3, 4, 0x0f, 0x10, 0x7f] {
                let mut v = vec![0xffu8; n];
                v.push(last);
                all.push(v);
            }
        }
        all
    }

    #[test]
    fn numbers_and_options_read_as_postcard_reads_them() {
        for bytes in inputs() {
            agree::<u16>(&bytes, Reader::u16);
            agree::<u32>(&bytes, Reader::u32);
            agree::<u64>(&bytes, Reader::u64);
            agree::<i32>(&bytes, Reader::i32);
            agree::<i64>(&bytes, Reader::i64);
            agree::<Option<i64>>(&bytes, Reader::opt_i64);
            agree::<bool>(&bytes, Reader::bool);
            agree::<u8>(&bytes, Reader::u8);
            agree::<[u8; 2]>(&bytes, Reader::array::<2>);
        }
        for bytes in [
            &[0u8; 8][..],
            &[1, 2, 3, 4, 5, 6, 7, 0x40],
            &[9; 7],
            &[1, 0, 0],
        ] {
            agree::<f64>(bytes, Reader::f64);
            agree::<Option<f64>>(bytes, Reader::opt_f64);
        }
    }

    #[test]
    fn texts_and_lists_read_as_postcard_reads_them() {
        let cases: [&[u8]; 8] = [
            b"\x03abc",
            b"\x03ab",
            b"\x02\xc3\x28",
            b"\x01\x02a",
            b"\x00\x02\x01a\x00",
            b"\x01\x01\x01a",
            b"\x81\x80\x80\x80\x80\x80\x00",
            b"\x02\x01a\x01b\x01c",
        ];
        for bytes in cases {
            agree::<String>(bytes, |r| r.str().map(str::to_owned));
            agree::<Option<String>>(bytes, |r| Ok(r.opt_str()?.map(str::to_owned)));
            agree::<Vec<String>>(bytes, |r| {
                r.list(usize::MAX, |r| r.str().map(str::to_owned))
            });
        }
        let mut r = Reader::new(b"\x03\x01a\x01b\x01c");
        assert_eq!(
            r.list(2, Reader::str),
            Err(ReadError::Unknown),
            "over its limit"
        );
    }

    #[derive(Serialize)]
    struct Sample<'a> {
        a: u32,
        b: i64,
        c: f64,
        d: Option<&'a str>,
        e: Option<i64>,
        f: Option<f64>,
        g: Vec<(&'a str, i32)>,
    }

    #[test]
    fn the_writer_writes_what_postcard_writes() {
        for (n, s) in [(0u32, ""), (127, "x"), (128, "é"), (u32::MAX, "long text")] {
            let i = -i64::from(n) * 77_777;
            let sample = Sample {
                a: n,
                b: i,
                c: f64::from(n) / 3.0,
                d: (n % 2 == 0).then_some(s),
                e: (n > 0).then_some(i64::MIN + i64::from(n)),
                f: (n > 127).then_some(-0.5),
                g: vec![(s, n as i32), ("k", i32::MIN)],
            };
            let mut w = Writer::default();
            w.u32(sample.a);
            w.i64(sample.b);
            w.f64(sample.c);
            w.opt_str(sample.d);
            w.opt_i64(sample.e);
            w.opt_f64(sample.f);
            w.list(&sample.g, |w, (s, v)| {
                w.str(s);
                w.i64(i64::from(*v));
            });
            assert_eq!(w.bytes, postcard::to_allocvec(&sample).unwrap());
        }
    }
}
