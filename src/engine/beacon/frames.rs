//! Parsers for the beacon advertisement frames a browser hands over.
//!
//! Web Bluetooth reports an advertisement as two maps: *manufacturer data*
//! (company id -> bytes, with the 2-byte little-endian company id already
//! stripped) and *service data* (service UUID -> bytes). This module turns
//! those raw bytes into typed frames, following the published specs:
//!
//! * **iBeacon** (Apple, "Proximity Beacon Specification" R1): company id
//!   `0x004C`, then `0x02 0x15`, 16-byte proximity UUID, major and minor
//!   (big-endian `u16`), and the measured power at 1 m (`i8`): 23 bytes.
//! * **AltBeacon** (Radius Networks, "AltBeacon Protocol Specification v1.0"):
//!   any company id, beacon code `0xBE 0xAC`, 20-byte beacon id, reference
//!   RSSI at 1 m (`i8`), one manufacturer-reserved byte: 24 bytes.
//! * **Eddystone** (Google, "Eddystone Protocol Specification"): service data
//!   for UUID `0xFEAA`; the first byte is the frame type: `0x00` UID, `0x10`
//!   URL, `0x20` TLM (only the unencrypted version `0x00`).
//!
//! Every parser is total: any byte slice yields either a frame or a
//! [`FrameError`] that says what is wrong; nothing here can panic. Lengths are
//! checked exactly (a frame longer than its spec allows is rejected too), so
//! a parsed frame always re-encodes to a valid advertisement.

use std::fmt;
use std::str::FromStr;

/// Bluetooth SIG company identifier of Apple Inc., which owns iBeacon.
pub const APPLE_COMPANY_ID: u16 = 0x004C;
/// 16-bit service UUID assigned to Google for Eddystone.
pub const EDDYSTONE_SERVICE_UUID: u16 = 0xFEAA;
/// Length of iBeacon manufacturer data after the company id.
pub const IBEACON_LEN: usize = 23;
/// Length of AltBeacon manufacturer data after the company id.
pub const ALTBEACON_LEN: usize = 24;
/// Length of an Eddystone-UID frame without the two reserved bytes.
pub const EDDYSTONE_UID_SHORT_LEN: usize = 18;
/// Length of an Eddystone-UID frame with the two reserved bytes.
pub const EDDYSTONE_UID_LEN: usize = 20;
/// Minimum length of an Eddystone-URL frame (type, tx power, scheme).
pub const EDDYSTONE_URL_MIN_LEN: usize = 3;
/// Maximum length of an Eddystone-URL frame (17 encoded URL bytes).
pub const EDDYSTONE_URL_MAX_LEN: usize = 20;
/// Length of an unencrypted Eddystone-TLM frame.
pub const EDDYSTONE_TLM_LEN: usize = 14;
/// Path loss over the first metre, used to turn Eddystone's 0 m tx power
/// into the 1 m reference that iBeacon and AltBeacon carry (Eddystone spec).
pub const EDDYSTONE_LOSS_AT_1M_DB: i8 = 41;

const IBEACON_PREFIX: [u8; 2] = [0x02, 0x15];
const ALTBEACON_CODE: [u8; 2] = [0xBE, 0xAC];
const FRAME_UID: u8 = 0x00;
const FRAME_URL: u8 = 0x10;
const FRAME_TLM: u8 = 0x20;
const FRAME_EID: u8 = 0x30;
const TLM_PLAIN: u8 = 0x00;
const TLM_ENCRYPTED: u8 = 0x01;
const TEMP_UNSUPPORTED: u16 = 0x8000;

/// Eddystone-URL scheme prefixes, indexed by the scheme byte.
const URL_SCHEMES: [&str; 4] = ["http://www.", "https://www.", "http://", "https://"];
/// Eddystone-URL expansion codes `0x00..=0x0D`, indexed by the code byte.
const URL_EXPANSIONS: [&str; 14] = [
    ".com/", ".org/", ".edu/", ".net/", ".info/", ".biz/", ".gov/", ".com", ".org", ".edu", ".net",
    ".info", ".biz", ".gov",
];

/// A decoded beacon advertisement.
#[derive(Debug, Clone, PartialEq)]
pub enum BeaconFrame {
    /// Apple iBeacon.
    IBeacon(IBeacon),
    /// AltBeacon.
    AltBeacon(AltBeacon),
    /// Eddystone-UID.
    EddystoneUid(EddystoneUid),
    /// Eddystone-URL.
    EddystoneUrl(EddystoneUrl),
    /// Unencrypted Eddystone-TLM (telemetry; carries no beacon id).
    EddystoneTlm(EddystoneTlm),
}

/// An iBeacon advertisement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IBeacon {
    /// Proximity UUID, big-endian as transmitted.
    pub uuid: [u8; 16],
    /// Major value.
    pub major: u16,
    /// Minor value.
    pub minor: u16,
    /// Calibrated RSSI at 1 m, in dBm.
    pub measured_power: i8,
}

/// An AltBeacon advertisement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AltBeacon {
    /// Company id of the manufacturer (from the manufacturer-data key).
    pub manufacturer_id: u16,
    /// 20-byte beacon id, big-endian as transmitted.
    pub beacon_id: [u8; 20],
    /// Average RSSI at 1 m, in dBm.
    pub reference_rssi: i8,
    /// Manufacturer-reserved byte.
    pub reserved: u8,
}

/// An Eddystone-UID frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EddystoneUid {
    /// Calibrated tx power at 0 m, in dBm.
    pub tx_power_at_0m: i8,
    /// 10-byte namespace id.
    pub namespace: [u8; 10],
    /// 6-byte instance id.
    pub instance: [u8; 6],
}

/// An Eddystone-URL frame with its URL fully expanded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EddystoneUrl {
    /// Calibrated tx power at 0 m, in dBm.
    pub tx_power_at_0m: i8,
    /// The expanded URL, e.g. `https://www.example.com/`.
    pub url: String,
}

/// An unencrypted Eddystone-TLM (telemetry) frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EddystoneTlm {
    /// TLM version; always `0x00` for frames this parser accepts.
    pub version: u8,
    /// Battery voltage in mV; `None` when the beacon reports 0 (unsupported).
    pub battery_mv: Option<u16>,
    /// Temperature in °C (signed 8.8 fixed point); `None` for `0x8000`.
    pub temperature_c: Option<f32>,
    /// Advertising PDUs sent since power-up or reboot.
    pub adv_count: u32,
    /// Time since power-up or reboot, in 0.1 s units.
    pub uptime_deciseconds: u32,
}

/// Why a byte slice is not a supported beacon frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The data ends before the frame does.
    TooShort {
        /// Frame kind being parsed.
        kind: &'static str,
        /// Bytes the frame needs.
        expected: usize,
        /// Bytes received.
        got: usize,
    },
    /// The data is longer than the frame allows.
    TooLong {
        /// Frame kind being parsed.
        kind: &'static str,
        /// Maximum bytes the frame allows.
        expected: usize,
        /// Bytes received.
        got: usize,
    },
    /// Manufacturer data from a company other than Apple without the AltBeacon code.
    UnknownCompany(u16),
    /// Apple manufacturer data that is not an iBeacon (e.g. other Continuity messages).
    NotABeacon {
        /// The company id the data was filed under.
        company_id: u16,
    },
    /// Service data for a service other than Eddystone (`0xFEAA`).
    WrongService(u16),
    /// An Eddystone frame type this parser does not know or support.
    UnknownEddystoneFrame(u8),
    /// An Eddystone-URL scheme byte outside `0x00..=0x03`.
    InvalidUrlScheme(u8),
    /// An Eddystone-URL byte that is neither an expansion code nor printable ASCII.
    InvalidUrlByte(u8),
    /// An Eddystone-URL that cannot be encoded (no known scheme, or a bad character).
    UnencodableUrl(String),
    /// An Eddystone-URL whose encoding exceeds 17 bytes.
    UrlTooLong {
        /// Encoded URL bytes (excluding the scheme byte).
        encoded_len: usize,
    },
    /// An encrypted Eddystone-TLM (version `0x01`), which needs the beacon's key.
    EncryptedTlm,
    /// An Eddystone-TLM version other than `0x00` and `0x01`.
    UnsupportedTlmVersion(u8),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { kind, expected, got } => write!(
                f,
                "{kind} frame too short: need {expected} bytes, got {got} (was the advertisement truncated?)"
            ),
            Self::TooLong { kind, expected, got } => write!(
                f,
                "{kind} frame too long: at most {expected} bytes allowed, got {got} (pass only this frame's bytes)"
            ),
            Self::UnknownCompany(id) => write!(
                f,
                "manufacturer data from company 0x{id:04x} is neither iBeacon (company 0x004c, prefix 02 15) nor AltBeacon (beacon code be ac)"
            ),
            Self::NotABeacon { company_id } => write!(
                f,
                "manufacturer data from company 0x{company_id:04x} is not a beacon: an iBeacon starts with 02 15"
            ),
            Self::WrongService(uuid) => write!(
                f,
                "service data for UUID 0x{uuid:04x} is not Eddystone: only service 0xfeaa is supported"
            ),
            Self::UnknownEddystoneFrame(FRAME_EID) => write!(
                f,
                "Eddystone-EID frame (0x30) is not supported: its ephemeral id needs the beacon's key to resolve"
            ),
            Self::UnknownEddystoneFrame(t) => write!(
                f,
                "unknown Eddystone frame type 0x{t:02x}: expected 0x00 (UID), 0x10 (URL) or 0x20 (TLM)"
            ),
            Self::InvalidUrlScheme(b) => write!(
                f,
                "invalid Eddystone-URL scheme byte 0x{b:02x}: expected 0x00..=0x03"
            ),
            Self::InvalidUrlByte(b) => write!(
                f,
                "invalid Eddystone-URL byte 0x{b:02x}: only expansion codes 0x00..=0x0d and printable ASCII 0x21..=0x7e are allowed"
            ),
            Self::UnencodableUrl(url) => write!(
                f,
                "cannot encode {url:?} as Eddystone-URL: it must start with http:// or https:// and use printable ASCII only"
            ),
            Self::UrlTooLong { encoded_len } => write!(
                f,
                "Eddystone-URL too long: encodes to {encoded_len} bytes, at most 17 fit (use a URL shortener)"
            ),
            Self::EncryptedTlm => write!(
                f,
                "encrypted Eddystone-TLM (version 0x01) is not supported: it needs the beacon's identity key"
            ),
            Self::UnsupportedTlmVersion(v) => write!(
                f,
                "unsupported Eddystone-TLM version 0x{v:02x}: only 0x00 (unencrypted) is supported"
            ),
        }
    }
}

impl std::error::Error for FrameError {}

/// Parses manufacturer data (company id removed) as iBeacon or AltBeacon.
///
/// AltBeacon is recognised by its beacon code under any company id; iBeacon
/// only under Apple's company id `0x004C`.
pub fn parse_manufacturer_data(company_id: u16, data: &[u8]) -> Result<BeaconFrame, FrameError> {
    let is_apple = company_id == APPLE_COMPANY_ID;
    // A strict prefix of the marker (including no data) is a truncated frame.
    let marked = |marker: &[u8]| data.starts_with(marker) || marker.starts_with(data);
    if is_apple && marked(&IBEACON_PREFIX) {
        parse_ibeacon(data).map(BeaconFrame::IBeacon)
    } else if marked(&ALTBEACON_CODE) {
        parse_altbeacon(company_id, data).map(BeaconFrame::AltBeacon)
    } else if is_apple {
        Err(FrameError::NotABeacon { company_id })
    } else {
        Err(FrameError::UnknownCompany(company_id))
    }
}

/// Parses service data as an Eddystone frame; `uuid16` must be `0xFEAA`.
pub fn parse_service_data(uuid16: u16, data: &[u8]) -> Result<BeaconFrame, FrameError> {
    if uuid16 != EDDYSTONE_SERVICE_UUID {
        return Err(FrameError::WrongService(uuid16));
    }
    match data.first().copied() {
        None => Err(FrameError::TooShort {
            kind: "Eddystone",
            expected: 1,
            got: 0,
        }),
        Some(FRAME_UID) => parse_uid(data).map(BeaconFrame::EddystoneUid),
        Some(FRAME_URL) => parse_url(data).map(BeaconFrame::EddystoneUrl),
        Some(FRAME_TLM) => parse_tlm(data).map(BeaconFrame::EddystoneTlm),
        Some(other) => Err(FrameError::UnknownEddystoneFrame(other)),
    }
}

/// Requires `data.len() == len` for a fixed-size frame.
fn exact_len(kind: &'static str, data: &[u8], len: usize) -> Result<(), FrameError> {
    let got = data.len();
    match got.cmp(&len) {
        std::cmp::Ordering::Less => Err(FrameError::TooShort {
            kind,
            expected: len,
            got,
        }),
        std::cmp::Ordering::Greater => Err(FrameError::TooLong {
            kind,
            expected: len,
            got,
        }),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

/// Concatenates `parts` into a fixed-size array (extra bytes are dropped,
/// missing ones stay zero; callers pass exactly `N` bytes).
fn concat<const N: usize>(parts: &[&[u8]]) -> [u8; N] {
    let mut out = [0u8; N];
    for (dst, src) in out.iter_mut().zip(parts.iter().copied().flatten()) {
        *dst = *src;
    }
    out
}

/// Copies `N` bytes starting at `at`, or `None` when out of range.
fn array<const N: usize>(data: &[u8], at: usize) -> Option<[u8; N]> {
    data.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    array(data, at).map(u16::from_be_bytes)
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    array(data, at).map(u32::from_be_bytes)
}

fn signed(data: &[u8], at: usize) -> Option<i8> {
    data.get(at).map(|b| i8::from_be_bytes([*b]))
}

fn parse_ibeacon(data: &[u8]) -> Result<IBeacon, FrameError> {
    const KIND: &str = "iBeacon";
    exact_len(KIND, data, IBEACON_LEN)?;
    let short = || FrameError::TooShort {
        kind: KIND,
        expected: IBEACON_LEN,
        got: data.len(),
    };
    Ok(IBeacon {
        uuid: array(data, 2).ok_or_else(short)?,
        major: be16(data, 18).ok_or_else(short)?,
        minor: be16(data, 20).ok_or_else(short)?,
        measured_power: signed(data, 22).ok_or_else(short)?,
    })
}

fn parse_altbeacon(company_id: u16, data: &[u8]) -> Result<AltBeacon, FrameError> {
    const KIND: &str = "AltBeacon";
    exact_len(KIND, data, ALTBEACON_LEN)?;
    let short = || FrameError::TooShort {
        kind: KIND,
        expected: ALTBEACON_LEN,
        got: data.len(),
    };
    Ok(AltBeacon {
        manufacturer_id: company_id,
        beacon_id: array(data, 2).ok_or_else(short)?,
        reference_rssi: signed(data, 22).ok_or_else(short)?,
        reserved: data.get(23).copied().ok_or_else(short)?,
    })
}

fn parse_uid(data: &[u8]) -> Result<EddystoneUid, FrameError> {
    const KIND: &str = "Eddystone-UID";
    let got = data.len();
    let short = |expected| FrameError::TooShort {
        kind: KIND,
        expected,
        got,
    };
    match got {
        EDDYSTONE_UID_SHORT_LEN | EDDYSTONE_UID_LEN => {}
        n if n < EDDYSTONE_UID_SHORT_LEN => return Err(short(EDDYSTONE_UID_SHORT_LEN)),
        n if n < EDDYSTONE_UID_LEN => return Err(short(EDDYSTONE_UID_LEN)),
        _ => {
            return Err(FrameError::TooLong {
                kind: KIND,
                expected: EDDYSTONE_UID_LEN,
                got,
            })
        }
    }
    Ok(EddystoneUid {
        tx_power_at_0m: signed(data, 1).ok_or_else(|| short(EDDYSTONE_UID_SHORT_LEN))?,
        namespace: array(data, 2).ok_or_else(|| short(EDDYSTONE_UID_SHORT_LEN))?,
        instance: array(data, 12).ok_or_else(|| short(EDDYSTONE_UID_SHORT_LEN))?,
    })
}

fn parse_url(data: &[u8]) -> Result<EddystoneUrl, FrameError> {
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

fn parse_tlm(data: &[u8]) -> Result<EddystoneTlm, FrameError> {
    const KIND: &str = "Eddystone-TLM";
    match data.get(1).copied() {
        Some(TLM_ENCRYPTED) => return Err(FrameError::EncryptedTlm),
        Some(v) if v != TLM_PLAIN => return Err(FrameError::UnsupportedTlmVersion(v)),
        _ => {}
    }
    exact_len(KIND, data, EDDYSTONE_TLM_LEN)?;
    let short = || FrameError::TooShort {
        kind: KIND,
        expected: EDDYSTONE_TLM_LEN,
        got: data.len(),
    };
    let battery = be16(data, 2).ok_or_else(short)?;
    let temp = be16(data, 4).ok_or_else(short)?;
    Ok(EddystoneTlm {
        version: TLM_PLAIN,
        battery_mv: (battery != 0).then_some(battery),
        temperature_c: (temp != TEMP_UNSUPPORTED)
            .then(|| f32::from(i16::from_be_bytes(temp.to_be_bytes())) / 256.0),
        adv_count: be32(data, 6).ok_or_else(short)?,
        uptime_deciseconds: be32(data, 10).ok_or_else(short)?,
    })
}

impl IBeacon {
    /// Encodes as manufacturer data for company `0x004C` (company id excluded).
    pub fn to_bytes(&self) -> [u8; IBEACON_LEN] {
        concat(&[
            &IBEACON_PREFIX,
            &self.uuid,
            &self.major.to_be_bytes(),
            &self.minor.to_be_bytes(),
            &self.measured_power.to_be_bytes(),
        ])
    }
}

impl AltBeacon {
    /// Encodes as manufacturer data for `manufacturer_id` (company id excluded).
    pub fn to_bytes(&self) -> [u8; ALTBEACON_LEN] {
        concat(&[
            &ALTBEACON_CODE,
            &self.beacon_id,
            &self.reference_rssi.to_be_bytes(),
            &[self.reserved],
        ])
    }
}

impl EddystoneUid {
    /// Encodes as full 20-byte service data (reserved bytes zeroed).
    pub fn to_bytes(&self) -> [u8; EDDYSTONE_UID_LEN] {
        concat(&[
            &[FRAME_UID],
            &self.tx_power_at_0m.to_be_bytes(),
            &self.namespace,
            &self.instance,
        ])
    }
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

impl EddystoneTlm {
    /// Encodes as 14-byte service data.
    ///
    /// `battery_mv: None` encodes as 0; `temperature_c: None` or NaN encodes
    /// as `0x8000`; other temperatures are rounded to 1/256 °C and clamped to
    /// ±127.996 °C (`0x8000` itself means "unsupported").
    pub fn to_bytes(&self) -> [u8; EDDYSTONE_TLM_LEN] {
        let temp = match self.temperature_c {
            Some(t) if !t.is_nan() => {
                // Saturating float-to-int cast, then keep clear of the sentinel.
                let raw = ((t * 256.0).round() as i16).max(-i16::MAX);
                u16::from_be_bytes(raw.to_be_bytes())
            }
            _ => TEMP_UNSUPPORTED,
        };
        concat(&[
            &[FRAME_TLM, TLM_PLAIN],
            &self.battery_mv.unwrap_or(0).to_be_bytes(),
            &temp.to_be_bytes(),
            &self.adv_count.to_be_bytes(),
            &self.uptime_deciseconds.to_be_bytes(),
        ])
    }
}

impl BeaconFrame {
    /// The stable identity of the beacon, or `None` for URL and TLM frames,
    /// which carry no beacon id.
    pub fn beacon_id(&self) -> Option<BeaconId> {
        match self {
            Self::IBeacon(b) => Some(BeaconId::IBeacon {
                uuid: b.uuid,
                major: b.major,
                minor: b.minor,
            }),
            Self::AltBeacon(b) => Some(BeaconId::AltBeacon { id: b.beacon_id }),
            Self::EddystoneUid(b) => Some(BeaconId::Eddystone {
                namespace: b.namespace,
                instance: b.instance,
            }),
            Self::EddystoneUrl(_) | Self::EddystoneTlm(_) => None,
        }
    }

    /// Expected RSSI at 1 m in dBm, the reference for distance estimation.
    ///
    /// iBeacon and AltBeacon carry it directly; Eddystone carries the power
    /// at 0 m, from which the spec's 41 dB first-metre loss is subtracted.
    /// TLM frames carry no power and give `None`.
    pub fn tx_power_at_1m(&self) -> Option<i8> {
        match self {
            Self::IBeacon(b) => Some(b.measured_power),
            Self::AltBeacon(b) => Some(b.reference_rssi),
            Self::EddystoneUid(b) => Some(b.tx_power_at_0m.saturating_sub(EDDYSTONE_LOSS_AT_1M_DB)),
            Self::EddystoneUrl(b) => Some(b.tx_power_at_0m.saturating_sub(EDDYSTONE_LOSS_AT_1M_DB)),
            Self::EddystoneTlm(_) => None,
        }
    }
}

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

impl std::error::Error for BeaconIdParseError {}

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
        let pair = std::str::from_utf8(pair).map_err(|_| err())?;
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
