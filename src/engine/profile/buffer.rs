//! A format-independent buffer for self-describing serde data.
//!
//! A stored record's layout depends on its version field `v`, which may come anywhere in the
//! record (a JSON object re-serialised through a sorted map puts it last). [`Buf`] captures
//! the whole record from any self-describing deserializer (JSON, `serde-wasm-bindgen`, ...),
//! so the version can be read first and the right layout deserialized from the buffer.

use std::fmt;

use serde::de::value::{Error, MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

/// Any self-describing value. `None` and unit are both [`Buf::Unit`]; `Some(x)` is `x`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Buf {
    Unit,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(String),
    Bytes(Vec<u8>),
    Seq(Vec<Buf>),
    Map(Vec<(Buf, Buf)>),
}

impl Buf {
    /// The value of string key `key`, when this is a map.
    pub(crate) fn field(&self, key: &str) -> Option<&Buf> {
        match self {
            Buf::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(k, Buf::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as an unsigned integer, if it is one (an integral float counts).
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match *self {
            Buf::U64(n) => Some(n),
            Buf::I64(n) => u64::try_from(n).ok(),
            Buf::F64(x) if x >= 0.0 && x.fract() == 0.0 && x < 2f64.powi(64) => Some(x as u64),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Buf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Buf, D::Error> {
        deserializer.deserialize_any(BufVisitor)
    }
}

struct BufVisitor;

impl<'de> Visitor<'de> for BufVisitor {
    type Value = Buf;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any self-describing value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Buf, E> {
        Ok(Buf::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Buf, E> {
        Ok(Buf::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Buf, E> {
        Ok(Buf::U64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Buf, E> {
        Ok(Buf::F64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Buf, E> {
        Ok(Buf::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Buf, E> {
        Ok(Buf::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Buf, E> {
        Ok(Buf::Bytes(v.to_owned()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Buf, E> {
        Ok(Buf::Bytes(v))
    }

    fn visit_none<E: de::Error>(self) -> Result<Buf, E> {
        Ok(Buf::Unit)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Buf, E> {
        Ok(Buf::Unit)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Buf, D::Error> {
        Buf::deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Buf, D::Error> {
        Buf::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Buf, A::Error> {
        // The size hint comes from the input: never trust it for an allocation.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buf::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Buf, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Buf::Map(entries))
    }
}

impl<'de> Deserializer<'de> for Buf {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buf::Unit => visitor.visit_unit(),
            Buf::Bool(v) => visitor.visit_bool(v),
            Buf::U64(v) => visitor.visit_u64(v),
            Buf::I64(v) => visitor.visit_i64(v),
            Buf::F64(v) => visitor.visit_f64(v),
            Buf::Str(v) => visitor.visit_string(v),
            Buf::Bytes(v) => visitor.visit_byte_buf(v),
            Buf::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Buf::Map(entries) => {
                let mut map = MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buf::Unit => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            // A unit variant: "name".
            Buf::Str(name) => visitor.visit_enum(name.into_deserializer()),
            // Any other variant: {"name": content}.
            Buf::Map(entries) => visitor.visit_enum(MapAccessDeserializer::new(
                MapDeserializer::new(entries.into_iter()),
            )),
            other => other.deserialize_any(visitor),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for Buf {
    type Deserializer = Buf;

    fn into_deserializer(self) -> Buf {
        self
    }
}
