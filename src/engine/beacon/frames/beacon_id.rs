//! [`BeaconId`]: a beacon's stable identity and its catalog string form.

use crate::engine::prelude::*;

use core::fmt;
use core::str::FromStr;

/// A stable beacon identity, usable as a catalog key.
///
/// Its [`Display`](fmt::Display) form is lowercase hex and is parsed back by
/// [`FromStr`] (which also accepts uppercase hex):
/// `ibeacon:<uuid 8-4-4-4-12>:<major>:<minor>`, `altbeacon:<40 hex>`,
/// `eddystone:<20 hex namespace>:<12 hex instance>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BeaconId {
    /// iBeacon identity: proximity UUID, major and minor.
    IBeacon {
        /// Proximity UUID.
        uuid: [u8; 16],
        /// Major value.
        major: u16,
        /// Minor value.
        minor: u16,
    },
    /// AltBeacon identity: the 20-byte beacon id.
    AltBeacon {
        /// Beacon id.
        id: [u8; 20],
    },
    /// Eddystone-UID identity: namespace and instance.
    Eddystone {
        /// 10-byte namespace.
        namespace: [u8; 10],
        /// 6-byte instance.
        instance: [u8; 6],
    },
}

fn write_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
}

impl fmt::Display for BeaconId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IBeacon { uuid, major, minor } => {
                f.write_str("ibeacon:")?;
                for (i, b) in uuid.iter().enumerate() {
                    if matches!(i, 4 | 6 | 8 | 10) {
                        f.write_str("-")?;
                    }
                    write!(f, "{b:02x}")?;
                }
                write!(f, ":{major}:{minor}")
            }
            Self::AltBeacon { id } => {
                f.write_str("altbeacon:")?;
                write_hex(f, id)
            }
            Self::Eddystone {
                namespace,
                instance,
            } => {
                f.write_str("eddystone:")?;
                write_hex(f, namespace)?;
                f.write_str(":")?;
                write_hex(f, instance)
            }
        }
    }
}

/// Serialized as its [`Display`](fmt::Display) string, the form JS sees.
impl serde::Serialize for BeaconId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Why a string is not a valid [`BeaconId`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BeaconIdParseError {
    /// The part before the first `:` is not `ibeacon`, `altbeacon` or `eddystone`.
    UnknownKind(String),
    /// The number of `:`-separated parts is wrong for the kind.
    WrongPartCount {
        /// Beacon kind.
        kind: &'static str,
        /// Parts expected, including the kind.
        expected: usize,
        /// Parts found.
        got: usize,
    },
    /// A hex field has the wrong length or a non-hex character.
    InvalidHex {
        /// Field name.
        field: &'static str,
        /// Expected number of hex digits (dashes excluded).
        digits: usize,
    },
    /// A major/minor field is not a decimal number in `0..=65535`.
    InvalidNumber {
        /// Field name.
        field: &'static str,
    },
}

impl fmt::Display for BeaconIdParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownKind(kind) => write!(
                f,
                "unknown beacon kind {kind:?}: expected ibeacon:, altbeacon: or eddystone:"
            ),
            Self::WrongPartCount {
                kind,
                expected,
                got,
            } => write!(
                f,
                "{kind} id needs {expected} ':'-separated parts, got {got} (e.g. {})",
                example(kind)
            ),
            Self::InvalidHex { field, digits } => write!(
                f,
                "{field} must be exactly {digits} hex digits{}",
                if *field == "uuid" {
                    " in 8-4-4-4-12 form with dashes"
                } else {
                    ""
                }
            ),
            Self::InvalidNumber { field } => {
                write!(f, "{field} must be a decimal number from 0 to 65535")
            }
        }
    }
}

impl core::error::Error for BeaconIdParseError {}

fn example(kind: &str) -> &'static str {
    match kind {
        "ibeacon" => "ibeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0:1:2",
        "altbeacon" => "altbeacon:<40 hex digits>",
        _ => "eddystone:<20 hex digits>:<12 hex digits>",
    }
}

/// Decodes exactly `N` bytes of hex (either case).
fn parse_hex<const N: usize>(s: &str, field: &'static str) -> Result<[u8; N], BeaconIdParseError> {
    let err = || BeaconIdParseError::InvalidHex {
        field,
        digits: N * 2,
    };
    if s.len() != N * 2 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(err());
    }
    let mut out = [0u8; N];
    for (dst, pair) in out.iter_mut().zip(s.as_bytes().chunks_exact(2)) {
        let pair = core::str::from_utf8(pair).map_err(|_| err())?;
        *dst = u8::from_str_radix(pair, 16).map_err(|_| err())?;
    }
    Ok(out)
}

fn parse_uuid(s: &str) -> Result<[u8; 16], BeaconIdParseError> {
    let dashes_ok = s.len() == 36
        && s.bytes()
            .enumerate()
            .all(|(i, b)| (b == b'-') == matches!(i, 8 | 13 | 18 | 23));
    if !dashes_ok {
        return Err(BeaconIdParseError::InvalidHex {
            field: "uuid",
            digits: 32,
        });
    }
    parse_hex(&s.replace('-', ""), "uuid")
}

fn parse_u16(s: &str, field: &'static str) -> Result<u16, BeaconIdParseError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BeaconIdParseError::InvalidNumber { field });
    }
    s.parse()
        .map_err(|_| BeaconIdParseError::InvalidNumber { field })
}

impl FromStr for BeaconId {
    type Err = BeaconIdParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split(':').collect();
        let wrong_count = |kind, expected| BeaconIdParseError::WrongPartCount {
            kind,
            expected,
            got: parts.len(),
        };
        match parts.as_slice() {
            ["ibeacon", uuid, major, minor] => Ok(Self::IBeacon {
                uuid: parse_uuid(uuid)?,
                major: parse_u16(major, "major")?,
                minor: parse_u16(minor, "minor")?,
            }),
            ["altbeacon", id] => Ok(Self::AltBeacon {
                id: parse_hex(id, "altbeacon id")?,
            }),
            ["eddystone", namespace, instance] => Ok(Self::Eddystone {
                namespace: parse_hex(namespace, "namespace")?,
                instance: parse_hex(instance, "instance")?,
            }),
            ["ibeacon", ..] => Err(wrong_count("ibeacon", 4)),
            ["altbeacon", ..] => Err(wrong_count("altbeacon", 2)),
            ["eddystone", ..] => Err(wrong_count("eddystone", 3)),
            [kind, ..] => Err(BeaconIdParseError::UnknownKind((*kind).to_string())),
            [] => Err(BeaconIdParseError::UnknownKind(String::new())),
        }
    }
}
