//! Lists of a stored profile, refused when longer than the profile ever keeps. A record Vitrine
//! wrote never has such a list, so a longer one is corrupt; refusing it by its stated length,
//! before reading it, means a hostile length prefix never reserves memory.

use crate::engine::prelude::*;

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

/// Deserializes a list of at most `MAX` entries, for
/// `#[serde(deserialize_with = "at_most::<MAX, _, _>")]`. A stated length over `MAX` (postcard,
/// buffered JSON) is refused before any entry is read; a list without one is refused at its
/// entry `MAX + 1`.
pub(crate) fn at_most<'de, const MAX: usize, T, D>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_seq(AtMost::<MAX, T>(PhantomData))
}

struct AtMost<const MAX: usize, T>(PhantomData<T>);

impl<'de, const MAX: usize, T: Deserialize<'de>> Visitor<'de> for AtMost<MAX, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of at most {MAX} entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let stated = seq.size_hint().unwrap_or(0);
        if stated > MAX {
            return Err(too_long::<MAX, A::Error>());
        }
        let mut items = Vec::with_capacity(stated);
        while let Some(item) = seq.next_element()? {
            if items.len() == MAX {
                return Err(too_long::<MAX, A::Error>());
            }
            items.push(item);
        }
        Ok(items)
    }
}

fn too_long<const MAX: usize, E: de::Error>() -> E {
    E::custom(format_args!(
        "a list has more than {MAX} entries, more than a profile keeps"
    ))
}
