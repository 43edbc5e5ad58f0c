//! The JSON field names a `#[derive(Deserialize)]` struct accepts, read from serde itself.
//!
//! Some deserializers (serde-wasm-bindgen reading a JS object) only look up the fields they
//! know, so `deny_unknown_fields` never sees a typo such as `pagetype`. Callers compare an
//! object's keys against [`field_names`] to reject those by name.

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The field names `T` accepts, or an empty list if `T` is not a struct.
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut capture = Capture(&[]);
    let _ = T::deserialize(&mut capture);
    capture.0
}

struct Capture(&'static [&'static str]);

impl<'de> Deserializer<'de> for &mut Capture {
    type Error = de::value::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("field names captured"))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}
