//! Lists with a hard length limit, checked before anything is allocated.

use crate::engine::prelude::*;

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

/// Most bytes reserved for a list before its items are read; it grows as they decode.
const PREALLOCATED_BYTES: usize = 64 * 1024;

/// A list of at most `MAX` items on the wire.
///
/// Decoding refuses a longer claimed length at once. postcard also reports (as "no size hint")
/// a claimed length larger than the bytes left, since every item takes at least one byte; that
/// is refused at once too. So a hostile length prefix never reserves much memory or runs a long
/// loop.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounded<T, const MAX: usize>(pub Vec<T>);

impl<T: Serialize, const MAX: usize> Serialize for Bounded<T, MAX> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for Bounded<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(BoundedVisitor(PhantomData))
    }
}

struct BoundedVisitor<T, const MAX: usize>(PhantomData<T>);

impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for BoundedVisitor<T, MAX> {
    type Value = Bounded<T, MAX>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list within its length limit")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let len = match seq.size_hint() {
            Some(len) if len <= MAX => len,
            _ => return Err(de::Error::custom("a list is too long")),
        };
        let mut items = Vec::with_capacity(len.min(PREALLOCATED_BYTES / size_of::<T>().max(1)));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Bounded(items))
    }
}
