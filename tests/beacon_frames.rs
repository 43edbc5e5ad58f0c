//! Frame parser tests, with byte vectors written from the published specs:
//! Apple "Proximity Beacon Specification" (iBeacon), "AltBeacon Protocol
//! Specification v1.0", and Google's Eddystone protocol specification
//! (UID, URL, unencrypted TLM).
#![cfg(not(target_arch = "wasm32"))]

use vitrine::engine::beacon::frames::{
    APPLE_COMPANY_ID, EDDYSTONE_SERVICE_UUID, EDDYSTONE_TLM_LEN, EDDYSTONE_UID_LEN,
    EDDYSTONE_URL_MAX_LEN,
};
use vitrine::engine::beacon::{
    parse_manufacturer_data, parse_service_data, AltBeacon, BeaconFrame, BeaconId,
    BeaconIdParseError, EddystoneTlm, EddystoneUid, EddystoneUrl, FrameError, IBeacon,
};

/// Radius Networks' company id, used in the AltBeacon spec's examples.
const RADIUS_NETWORKS: u16 = 0x0118;
/// Apple's AirLocate sample UUID E2C56DB5-DFFB-48D2-B060-D0F5A71096E0.
const AIRLOCATE_UUID: [u8; 16] = [
    0xE2, 0xC5, 0x6D, 0xB5, 0xDF, 0xFB, 0x48, 0xD2, 0xB0, 0x60, 0xD0, 0xF5, 0xA7, 0x10, 0x96, 0xE0,
];

fn ibeacon_bytes() -> Vec<u8> {
    let mut v = vec![0x02, 0x15];
    v.extend_from_slice(&AIRLOCATE_UUID);
    v.extend_from_slice(&[0x00, 0x01, 0x00, 0x02, 0xC5]);
    v
}

fn altbeacon_bytes() -> Vec<u8> {
    let mut v = vec![0xBE, 0xAC];
    v.extend((1..=20).map(|i| i * 11));
    v.extend_from_slice(&[0xC5, 0x42]);
    v
}

/// Namespace from the Eddystone-UID spec's "elided UUID" example.
const NAMESPACE: [u8; 10] = [0x8B, 0x0C, 0xA7, 0x50, 0x09, 0x54, 0x77, 0xCB, 0x3E, 0x77];
const INSTANCE: [u8; 6] = [0x00, 0x00, 0x00, 0x00, 0x00, 0x01];

fn uid_bytes(with_rfu: bool) -> Vec<u8> {
    let mut v = vec![0x00, 0xEE];
    v.extend_from_slice(&NAMESPACE);
    v.extend_from_slice(&INSTANCE);
    if with_rfu {
        v.extend_from_slice(&[0x00, 0x00]);
    }
    v
}

fn url_bytes(scheme: u8, encoded: &[u8]) -> Vec<u8> {
    let mut v = vec![0x10, 0x12, scheme];
    v.extend_from_slice(encoded);
    v
}

fn tlm_bytes(battery: u16, temp: u16, adv: u32, secs: u32) -> Vec<u8> {
    let mut v = vec![0x20, 0x00];
    v.extend_from_slice(&battery.to_be_bytes());
    v.extend_from_slice(&temp.to_be_bytes());
    v.extend_from_slice(&adv.to_be_bytes());
    v.extend_from_slice(&secs.to_be_bytes());
    v
}

fn eddystone(data: &[u8]) -> Result<BeaconFrame, FrameError> {
    parse_service_data(EDDYSTONE_SERVICE_UUID, data)
}

fn url_of(data: &[u8]) -> String {
    match eddystone(data) {
        Ok(BeaconFrame::EddystoneUrl(u)) => u.url,
        other => panic!("expected URL frame, got {other:?}"),
    }
}

fn tlm_of(data: &[u8]) -> EddystoneTlm {
    match eddystone(data) {
        Ok(BeaconFrame::EddystoneTlm(t)) => t,
        other => panic!("expected TLM frame, got {other:?}"),
    }
}

// ---------------------------------------------------------------- iBeacon

#[test]
fn ibeacon_airlocate_vector() {
    let frame = parse_manufacturer_data(APPLE_COMPANY_ID, &ibeacon_bytes()).unwrap();
    let expected = IBeacon {
        uuid: AIRLOCATE_UUID,
        major: 1,
        minor: 2,
        measured_power: -59,
    };
    assert_eq!(frame, BeaconFrame::IBeacon(expected));
    assert_eq!(frame.tx_power_at_1m(), Some(-59));
    assert_eq!(
        frame.beacon_id().unwrap().to_string(),
        "ibeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0:1:2"
    );
    assert_eq!(expected.to_bytes().to_vec(), ibeacon_bytes());
}

#[test]
fn ibeacon_major_minor_are_big_endian_and_power_is_signed() {
    let mut data = ibeacon_bytes();
    data[18..23].copy_from_slice(&[0x12, 0x34, 0xAB, 0xCD, 0x7F]);
    let BeaconFrame::IBeacon(b) = parse_manufacturer_data(APPLE_COMPANY_ID, &data).unwrap() else {
        panic!("not an iBeacon");
    };
    assert_eq!((b.major, b.minor, b.measured_power), (0x1234, 0xABCD, 127));
    data[22] = 0x80;
    let frame = parse_manufacturer_data(APPLE_COMPANY_ID, &data).unwrap();
    assert_eq!(frame.tx_power_at_1m(), Some(-128));
}

#[test]
fn ibeacon_prefix_requires_apple() {
    assert_eq!(
        parse_manufacturer_data(0x0059, &ibeacon_bytes()),
        Err(FrameError::UnknownCompany(0x0059))
    );
}

#[test]
fn apple_non_ibeacon_data_is_not_a_beacon() {
    // 0x10 is Apple's "Nearby Info" Continuity message type.
    assert_eq!(
        parse_manufacturer_data(
            APPLE_COMPANY_ID,
            &[0x10, 0x05, 0x01, 0x18, 0x00, 0x00, 0x00]
        ),
        Err(FrameError::NotABeacon {
            company_id: APPLE_COMPANY_ID
        })
    );
    assert_eq!(
        parse_manufacturer_data(APPLE_COMPANY_ID, &[0x02, 0x16]),
        Err(FrameError::NotABeacon {
            company_id: APPLE_COMPANY_ID
        })
    );
}

#[test]
fn ibeacon_too_long() {
    let mut data = ibeacon_bytes();
    data.push(0);
    assert_eq!(
        parse_manufacturer_data(APPLE_COMPANY_ID, &data),
        Err(FrameError::TooLong {
            kind: "iBeacon",
            expected: 23,
            got: 24
        })
    );
}

#[test]
fn ibeacon_every_truncation_is_too_short() {
    let data = ibeacon_bytes();
    for len in 0..data.len() {
        assert_eq!(
            parse_manufacturer_data(APPLE_COMPANY_ID, &data[..len]),
            Err(FrameError::TooShort {
                kind: "iBeacon",
                expected: 23,
                got: len
            }),
            "prefix of length {len}"
        );
    }
}

// -------------------------------------------------------------- AltBeacon

#[test]
fn altbeacon_vector() {
    let data = altbeacon_bytes();
    let frame = parse_manufacturer_data(RADIUS_NETWORKS, &data).unwrap();
    let mut id = [0u8; 20];
    for (i, b) in id.iter_mut().enumerate() {
        *b = (i as u8 + 1) * 11;
    }
    let expected = AltBeacon {
        manufacturer_id: RADIUS_NETWORKS,
        beacon_id: id,
        reference_rssi: -59,
        reserved: 0x42,
    };
    assert_eq!(frame, BeaconFrame::AltBeacon(expected));
    assert_eq!(frame.tx_power_at_1m(), Some(-59));
    assert_eq!(expected.to_bytes().to_vec(), data);
    assert_eq!(
        frame.beacon_id().unwrap().to_string(),
        "altbeacon:0b16212c37424d58636e79848f9aa5b0bbc6d1dc"
    );
}

#[test]
fn altbeacon_accepted_under_any_company_including_apple() {
    for company in [0x0000, APPLE_COMPANY_ID, RADIUS_NETWORKS, 0xFFFF] {
        match parse_manufacturer_data(company, &altbeacon_bytes()) {
            Ok(BeaconFrame::AltBeacon(b)) => assert_eq!(b.manufacturer_id, company),
            other => panic!("company 0x{company:04x}: {other:?}"),
        }
    }
}

#[test]
fn altbeacon_too_long() {
    let mut data = altbeacon_bytes();
    data.push(0);
    assert_eq!(
        parse_manufacturer_data(RADIUS_NETWORKS, &data),
        Err(FrameError::TooLong {
            kind: "AltBeacon",
            expected: 24,
            got: 25
        })
    );
}

#[test]
fn altbeacon_every_truncation_is_too_short() {
    let data = altbeacon_bytes();
    for len in 0..data.len() {
        let too_short = |kind, expected| {
            Err(FrameError::TooShort {
                kind,
                expected,
                got: len,
            })
        };
        assert_eq!(
            parse_manufacturer_data(RADIUS_NETWORKS, &data[..len]),
            too_short("AltBeacon", 24),
            "prefix of length {len}"
        );
        // Under Apple's id, no data at all is read as a truncated iBeacon.
        let apple = if len == 0 {
            too_short("iBeacon", 23)
        } else {
            too_short("AltBeacon", 24)
        };
        assert_eq!(
            parse_manufacturer_data(APPLE_COMPANY_ID, &data[..len]),
            apple
        );
    }
}

#[test]
fn unknown_company_without_beacon_code() {
    assert_eq!(
        parse_manufacturer_data(0x0059, &[0x01, 0x02, 0x03]),
        Err(FrameError::UnknownCompany(0x0059))
    );
    assert_eq!(
        parse_manufacturer_data(0x0059, &[0xBE, 0xAD]),
        Err(FrameError::UnknownCompany(0x0059))
    );
}

// ---------------------------------------------------------- Eddystone-UID

#[test]
fn eddystone_uid_with_and_without_reserved_bytes() {
    let expected = EddystoneUid {
        tx_power_at_0m: -18,
        namespace: NAMESPACE,
        instance: INSTANCE,
    };
    for with_rfu in [true, false] {
        let frame = eddystone(&uid_bytes(with_rfu)).unwrap();
        assert_eq!(frame, BeaconFrame::EddystoneUid(expected));
        assert_eq!(frame.tx_power_at_1m(), Some(-18 - 41));
        assert_eq!(
            frame.beacon_id().unwrap().to_string(),
            "eddystone:8b0ca750095477cb3e77:000000000001"
        );
    }
    assert_eq!(expected.to_bytes().to_vec(), uid_bytes(true));
}

#[test]
fn eddystone_uid_lengths() {
    let mut data = uid_bytes(false);
    data.push(0);
    assert_eq!(
        eddystone(&data),
        Err(FrameError::TooShort {
            kind: "Eddystone-UID",
            expected: 20,
            got: 19
        })
    );
    let mut data = uid_bytes(true);
    data.push(0);
    assert_eq!(
        eddystone(&data),
        Err(FrameError::TooLong {
            kind: "Eddystone-UID",
            expected: 20,
            got: 21
        })
    );
    let data = uid_bytes(true);
    for len in 1..18 {
        assert_eq!(
            eddystone(&data[..len]),
            Err(FrameError::TooShort {
                kind: "Eddystone-UID",
                expected: 18,
                got: len
            })
        );
    }
}

#[test]
fn eddystone_tx_power_conversion_saturates() {
    let mut data = uid_bytes(true);
    data[1] = 0x80; // -128 dBm at 0 m
    assert_eq!(eddystone(&data).unwrap().tx_power_at_1m(), Some(-128));
    data[1] = 0x14; // +20 dBm at 0 m, the spec's maximum
    assert_eq!(eddystone(&data).unwrap().tx_power_at_1m(), Some(-21));
}

// ---------------------------------------------------------- Eddystone-URL

#[test]
fn eddystone_url_spec_example() {
    // https://goo.gl/S6zT6P with the spec's tx power example 0x12 = +18 dBm.
    let frame = eddystone(&url_bytes(0x03, b"goo.gl/S6zT6P")).unwrap();
    assert_eq!(
        frame,
        BeaconFrame::EddystoneUrl(EddystoneUrl {
            tx_power_at_0m: 18,
            url: "https://goo.gl/S6zT6P".into()
        })
    );
    assert_eq!(frame.beacon_id(), None);
    assert_eq!(frame.tx_power_at_1m(), Some(18 - 41));
    let mut data = url_bytes(0x03, b"x");
    data[1] = 0xEE;
    assert_eq!(eddystone(&data).unwrap().tx_power_at_1m(), Some(-18 - 41));
}

#[test]
fn eddystone_url_every_scheme() {
    let schemes = ["http://www.", "https://www.", "http://", "https://"];
    for (byte, prefix) in schemes.iter().enumerate() {
        assert_eq!(url_of(&url_bytes(byte as u8, b"a")), format!("{prefix}a"));
    }
    for byte in 0x04..=0xFF {
        assert_eq!(
            eddystone(&url_bytes(byte, b"a")),
            Err(FrameError::InvalidUrlScheme(byte))
        );
    }
}

#[test]
fn eddystone_url_every_expansion_code() {
    let expansions = [
        ".com/", ".org/", ".edu/", ".net/", ".info/", ".biz/", ".gov/", ".com", ".org", ".edu",
        ".net", ".info", ".biz", ".gov",
    ];
    for (code, text) in expansions.iter().enumerate() {
        let data = url_bytes(0x02, &[b'a', code as u8, b'x']);
        let url = format!("http://a{text}x");
        assert_eq!(url_of(&data), url);
        // The encoder picks the same code back.
        let encoded = EddystoneUrl {
            tx_power_at_0m: 18,
            url,
        }
        .to_bytes()
        .unwrap();
        assert_eq!(encoded, data, "expansion 0x{code:02x}");
    }
}

#[test]
fn eddystone_url_every_byte_value() {
    for byte in 0u8..=0xFF {
        let result = eddystone(&url_bytes(0x03, &[byte]));
        match byte {
            0x00..=0x0D => assert!(result.is_ok(), "code 0x{byte:02x}"),
            0x21..=0x7E => assert_eq!(
                url_of(&url_bytes(0x03, &[byte])),
                format!("https://{}", byte as char)
            ),
            _ => assert_eq!(
                result,
                Err(FrameError::InvalidUrlByte(byte)),
                "byte 0x{byte:02x}"
            ),
        }
    }
}

#[test]
fn eddystone_url_lengths() {
    // Scheme only (0 encoded bytes) and the 17-byte maximum are accepted.
    assert_eq!(url_of(&url_bytes(0x03, b"")), "https://");
    let max = url_bytes(0x03, b"abcdefghijklmnopq");
    assert_eq!(max.len(), EDDYSTONE_URL_MAX_LEN);
    assert_eq!(url_of(&max), "https://abcdefghijklmnopq");
    let too_long = url_bytes(0x03, b"abcdefghijklmnopqr");
    assert_eq!(
        eddystone(&too_long),
        Err(FrameError::TooLong {
            kind: "Eddystone-URL",
            expected: 20,
            got: 21
        })
    );
    for len in 1..3 {
        assert_eq!(
            eddystone(&max[..len]),
            Err(FrameError::TooShort {
                kind: "Eddystone-URL",
                expected: 3,
                got: len
            })
        );
    }
    // Longer prefixes are shorter, still valid URLs.
    for len in 3..=max.len() {
        assert!(eddystone(&max[..len]).is_ok());
    }
}

#[test]
fn eddystone_url_encoder() {
    let encode = |url: &str| {
        EddystoneUrl {
            tx_power_at_0m: -20,
            url: url.into(),
        }
        .to_bytes()
    };
    let mut expected = vec![0x10, 0xEC, 0x01];
    expected.extend_from_slice(b"example");
    expected.push(0x00);
    assert_eq!(encode("https://www.example.com/"), Ok(expected));
    // "www." after "http://" uses the longer scheme.
    assert_eq!(
        encode("http://www.a.org"),
        Ok(vec![0x10, 0xEC, 0x00, b'a', 0x08])
    );
    // Expansions anywhere in the URL, longest match first.
    assert_eq!(
        encode("https://a.info/b.gov"),
        Ok(vec![0x10, 0xEC, 0x03, b'a', 0x04, b'b', 0x0D])
    );
    for bad in ["ftp://a", "https://a b", "https://é", "www.a.com", ""] {
        assert_eq!(
            encode(bad),
            Err(FrameError::UnencodableUrl(bad.into())),
            "{bad:?}"
        );
    }
    assert_eq!(
        encode("https://abcdefghijklmnopqr"),
        Err(FrameError::UrlTooLong { encoded_len: 18 })
    );
    assert!(encode("https://abcdefghijklmnopq").is_ok());
}

// ---------------------------------------------------------- Eddystone-TLM

#[test]
fn eddystone_tlm_vector() {
    // 3000 mV, 25.5 °C, 256 PDUs, 3600 deciseconds (6 minutes).
    let data = tlm_bytes(3000, 0x1980, 256, 3600);
    let tlm = tlm_of(&data);
    assert_eq!(
        tlm,
        EddystoneTlm {
            version: 0,
            battery_mv: Some(3000),
            temperature_c: Some(25.5),
            adv_count: 256,
            uptime_deciseconds: 3600,
        }
    );
    assert_eq!(tlm.to_bytes().to_vec(), data);
    let frame = eddystone(&data).unwrap();
    assert_eq!(frame.beacon_id(), None);
    assert_eq!(frame.tx_power_at_1m(), None);
}

#[test]
fn eddystone_tlm_temperatures_in_8_8_fixed_point() {
    let cases: [(u16, Option<f32>); 9] = [
        (0x0000, Some(0.0)),
        (0x0001, Some(1.0 / 256.0)),
        (0x1980, Some(25.5)),
        (0x7FFF, Some(127.996_09)),
        (0xFF80, Some(-0.5)),
        (0xF600, Some(-10.0)),
        (0xEC40, Some(-19.75)),
        (0x8001, Some(-127.996_09)),
        (0x8000, None),
    ];
    for (raw, celsius) in cases {
        let data = tlm_bytes(3000, raw, 0, 0);
        let tlm = tlm_of(&data);
        assert_eq!(tlm.temperature_c, celsius, "raw 0x{raw:04x}");
        assert_eq!(tlm.to_bytes().to_vec(), data, "raw 0x{raw:04x} round trip");
    }
}

#[test]
fn eddystone_tlm_unsupported_battery_and_extremes() {
    let tlm = tlm_of(&tlm_bytes(0, 0x8000, u32::MAX, u32::MAX));
    assert_eq!(tlm.battery_mv, None);
    assert_eq!(tlm.temperature_c, None);
    assert_eq!(
        (tlm.adv_count, tlm.uptime_deciseconds),
        (u32::MAX, u32::MAX)
    );
}

#[test]
fn eddystone_tlm_encoder_edge_cases() {
    let raw_temp = |t: Option<f32>| {
        let bytes = EddystoneTlm {
            version: 0,
            battery_mv: None,
            temperature_c: t,
            adv_count: 0,
            uptime_deciseconds: 0,
        }
        .to_bytes();
        u16::from_be_bytes([bytes[4], bytes[5]])
    };
    assert_eq!(raw_temp(None), 0x8000);
    assert_eq!(raw_temp(Some(f32::NAN)), 0x8000);
    assert_eq!(
        raw_temp(Some(-128.0)),
        0x8001,
        "never the 'unsupported' sentinel"
    );
    assert_eq!(raw_temp(Some(-1000.0)), 0x8001);
    assert_eq!(raw_temp(Some(1000.0)), 0x7FFF);
    assert_eq!(raw_temp(Some(-0.5)), 0xFF80);
}

#[test]
fn eddystone_tlm_versions_and_lengths() {
    let mut encrypted = vec![0x20, 0x01];
    encrypted.extend_from_slice(&[0xAB; 16]); // 12-byte ETLM + salt + MIC
    assert_eq!(eddystone(&encrypted), Err(FrameError::EncryptedTlm));
    assert_eq!(eddystone(&[0x20, 0x01]), Err(FrameError::EncryptedTlm));
    for version in 0x02..=0xFF {
        let mut data = tlm_bytes(3000, 0, 0, 0);
        data[1] = version;
        assert_eq!(
            eddystone(&data),
            Err(FrameError::UnsupportedTlmVersion(version))
        );
    }
    let data = tlm_bytes(3000, 0x1980, 1, 2);
    for len in 1..EDDYSTONE_TLM_LEN {
        assert_eq!(
            eddystone(&data[..len]),
            Err(FrameError::TooShort {
                kind: "Eddystone-TLM",
                expected: 14,
                got: len
            })
        );
    }
    let mut long = data.clone();
    long.push(0);
    assert_eq!(
        eddystone(&long),
        Err(FrameError::TooLong {
            kind: "Eddystone-TLM",
            expected: 14,
            got: 15
        })
    );
}

// ------------------------------------------------------ service data errors

#[test]
fn service_data_errors() {
    assert_eq!(
        parse_service_data(0xFEAB, &uid_bytes(true)),
        Err(FrameError::WrongService(0xFEAB))
    );
    assert_eq!(
        eddystone(&[]),
        Err(FrameError::TooShort {
            kind: "Eddystone",
            expected: 1,
            got: 0
        })
    );
    // 0x30 is EID; low nibbles are reserved and must be zero.
    for frame_type in [0x01, 0x0F, 0x11, 0x21, 0x30, 0x40, 0x50, 0xF0, 0xFF] {
        assert_eq!(
            eddystone(&[frame_type, 0, 0, 0]),
            Err(FrameError::UnknownEddystoneFrame(frame_type))
        );
    }
}

#[test]
fn every_error_displays_a_specific_message() {
    let cases: Vec<(FrameError, &[&str])> = vec![
        (
            FrameError::TooShort {
                kind: "iBeacon",
                expected: 23,
                got: 5,
            },
            &["iBeacon", "23", "5", "too short"],
        ),
        (
            FrameError::TooLong {
                kind: "AltBeacon",
                expected: 24,
                got: 30,
            },
            &["AltBeacon", "24", "30", "too long"],
        ),
        (
            FrameError::UnknownCompany(0x0059),
            &["0x0059", "iBeacon", "AltBeacon"],
        ),
        (
            FrameError::NotABeacon { company_id: 0x004C },
            &["0x004c", "02 15"],
        ),
        (FrameError::WrongService(0x180F), &["0x180f", "0xfeaa"]),
        (
            FrameError::UnknownEddystoneFrame(0x40),
            &["0x40", "UID", "URL", "TLM"],
        ),
        (
            FrameError::UnknownEddystoneFrame(0x30),
            &["EID", "not supported"],
        ),
        (FrameError::InvalidUrlScheme(0x09), &["0x09", "0x03"]),
        (FrameError::InvalidUrlByte(0x20), &["0x20", "printable"]),
        (
            FrameError::UnencodableUrl("ftp://x".into()),
            &["ftp://x", "https://"],
        ),
        (FrameError::UrlTooLong { encoded_len: 19 }, &["19", "17"]),
        (FrameError::EncryptedTlm, &["encrypted", "0x01"]),
        (FrameError::UnsupportedTlmVersion(0x07), &["0x07", "0x00"]),
    ];
    for (err, needles) in cases {
        let msg = err.to_string();
        for needle in needles {
            assert!(msg.contains(needle), "{msg:?} should mention {needle:?}");
        }
        let _: &dyn std::error::Error = &err;
    }
}

// --------------------------------------------------------------- BeaconId

#[test]
fn beacon_id_round_trips_and_accepts_uppercase() {
    let ids = [
        "ibeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0:1:2",
        "ibeacon:00000000-0000-0000-0000-000000000000:0:65535",
        "altbeacon:0b16212c37424d58636e79848f9aa5b0bbc6d1dc",
        "eddystone:8b0ca750095477cb3e77:000000000001",
    ];
    for s in ids {
        let id: BeaconId = s.parse().unwrap();
        assert_eq!(id.to_string(), s);
        let (kind, rest) = s.split_once(':').unwrap();
        let upper = format!("{kind}:{}", rest.to_uppercase());
        assert_eq!(upper.parse::<BeaconId>(), Ok(id), "{upper}");
    }
    let id = BeaconId::IBeacon {
        uuid: AIRLOCATE_UUID,
        major: 7,
        minor: 0,
    };
    assert_eq!(
        serde_json::to_string(&id).unwrap(),
        "\"ibeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0:7:0\""
    );
}

#[test]
fn beacon_id_parse_errors() {
    use BeaconIdParseError as E;
    let uuid = "e2c56db5-dffb-48d2-b060-d0f5a71096e0";
    let cases: Vec<(String, E)> = vec![
        ("".into(), E::UnknownKind("".into())),
        ("uribeacon:abc".into(), E::UnknownKind("uribeacon".into())),
        ("IBEACON:x:1:2".into(), E::UnknownKind("IBEACON".into())),
        (
            format!("ibeacon:{uuid}:1"),
            E::WrongPartCount {
                kind: "ibeacon",
                expected: 4,
                got: 3,
            },
        ),
        (
            "altbeacon".into(),
            E::WrongPartCount {
                kind: "altbeacon",
                expected: 2,
                got: 1,
            },
        ),
        (
            "eddystone:00:00:00".into(),
            E::WrongPartCount {
                kind: "eddystone",
                expected: 3,
                got: 4,
            },
        ),
        (
            "ibeacon:e2c56db5dffb48d2b060d0f5a71096e0:1:2".into(),
            E::InvalidHex {
                field: "uuid",
                digits: 32,
            },
        ),
        (
            "ibeacon:e2c56db5-dffb-48d2-b060d-0f5a71096e0:1:2".into(),
            E::InvalidHex {
                field: "uuid",
                digits: 32,
            },
        ),
        (
            "ibeacon:g2c56db5-dffb-48d2-b060-d0f5a71096e0:1:2".into(),
            E::InvalidHex {
                field: "uuid",
                digits: 32,
            },
        ),
        (
            format!("ibeacon:{uuid}:65536:2"),
            E::InvalidNumber { field: "major" },
        ),
        (
            format!("ibeacon:{uuid}:+1:2"),
            E::InvalidNumber { field: "major" },
        ),
        (
            format!("ibeacon:{uuid}:1:-2"),
            E::InvalidNumber { field: "minor" },
        ),
        (
            format!("ibeacon:{uuid}:1:"),
            E::InvalidNumber { field: "minor" },
        ),
        (
            "altbeacon:0b16212c37424d58636e79848f9aa5b0bbc6d1d".into(),
            E::InvalidHex {
                field: "altbeacon id",
                digits: 40,
            },
        ),
        (
            "eddystone:8b0ca750095477cb3e77:0000000001".into(),
            E::InvalidHex {
                field: "instance",
                digits: 12,
            },
        ),
        (
            "eddystone:8b0ca750095477cb3e7z:000000000001".into(),
            E::InvalidHex {
                field: "namespace",
                digits: 20,
            },
        ),
    ];
    for (input, expected) in cases {
        let err = input.parse::<BeaconId>().unwrap_err();
        assert_eq!(err, expected, "{input:?}");
        assert!(!err.to_string().is_empty());
        let _: &dyn std::error::Error = &err;
    }
    let msg = "ibeacon:x".parse::<BeaconId>().unwrap_err().to_string();
    assert!(msg.contains("ibeacon:e2c56db5"), "{msg}");
    let msg = "ibeacon:x:1:2".parse::<BeaconId>().unwrap_err().to_string();
    assert!(msg.contains("8-4-4-4-12"), "{msg}");
}

// -------------------------------------------------------------- properties

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    fn url_char() -> impl Strategy<Value = char> {
        prop::sample::select(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./-_~?#=&%"
                .chars()
                .collect::<Vec<_>>(),
        )
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn manufacturer_data_never_panics_and_reencodes(
            company in any::<u16>(),
            data in prop::collection::vec(any::<u8>(), 0..40),
        ) {
            match parse_manufacturer_data(company, &data) {
                Ok(BeaconFrame::IBeacon(b)) => prop_assert_eq!(b.to_bytes().to_vec(), data),
                Ok(BeaconFrame::AltBeacon(b)) => {
                    prop_assert_eq!(b.manufacturer_id, company);
                    prop_assert_eq!(b.to_bytes().to_vec(), data);
                }
                Ok(other) => prop_assert!(false, "unexpected {:?}", other),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }

        #[test]
        fn beacon_shaped_data_never_panics(
            company in prop_oneof![Just(APPLE_COMPANY_ID), any::<u16>()],
            prefix in prop_oneof![Just(vec![0x02u8, 0x15]), Just(vec![0xBE, 0xAC])],
            tail in prop::collection::vec(any::<u8>(), 0..30),
        ) {
            let data: Vec<u8> = prefix.into_iter().chain(tail).collect();
            let _ = parse_manufacturer_data(company, &data);
        }

        #[test]
        fn service_data_never_panics_and_reencodes(
            uuid in prop_oneof![Just(EDDYSTONE_SERVICE_UUID), any::<u16>()],
            frame_type in prop_oneof![Just(0x00u8), Just(0x10), Just(0x20), any::<u8>()],
            tlm_version in prop_oneof![Just(0x00u8), any::<u8>()],
            tail in prop::collection::vec(any::<u8>(), 0..24),
        ) {
            let data: Vec<u8> = [frame_type, tlm_version].into_iter().chain(tail).collect();
            match parse_service_data(uuid, &data) {
                Ok(BeaconFrame::EddystoneUid(b)) => {
                    let bytes = b.to_bytes();
                    prop_assert_eq!(&bytes[..18], &data[..18]);
                    prop_assert_eq!(eddystone(&bytes), Ok(BeaconFrame::EddystoneUid(b)));
                }
                Ok(BeaconFrame::EddystoneUrl(b)) => {
                    let bytes = b.to_bytes().expect("a parsed URL re-encodes");
                    prop_assert!(bytes.len() <= data.len());
                    prop_assert_eq!(eddystone(&bytes), Ok(BeaconFrame::EddystoneUrl(b)));
                }
                Ok(BeaconFrame::EddystoneTlm(b)) => prop_assert_eq!(b.to_bytes().to_vec(), data),
                Ok(other) => prop_assert!(false, "unexpected {:?}", other),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }

        #[test]
        fn every_prefix_of_random_data_is_safe(
            company in any::<u16>(),
            data in prop::collection::vec(any::<u8>(), 0..32),
        ) {
            for len in 0..=data.len() {
                let _ = parse_manufacturer_data(company, &data[..len]);
                let _ = eddystone(&data[..len]);
            }
        }

        #[test]
        fn ibeacon_encode_parse_round_trip(
            uuid in any::<[u8; 16]>(),
            major in any::<u16>(),
            minor in any::<u16>(),
            measured_power in any::<i8>(),
        ) {
            let b = IBeacon { uuid, major, minor, measured_power };
            prop_assert_eq!(
                parse_manufacturer_data(APPLE_COMPANY_ID, &b.to_bytes()),
                Ok(BeaconFrame::IBeacon(b))
            );
        }

        #[test]
        fn altbeacon_encode_parse_round_trip(
            manufacturer_id in any::<u16>(),
            beacon_id in any::<[u8; 20]>(),
            reference_rssi in any::<i8>(),
            reserved in any::<u8>(),
        ) {
            let b = AltBeacon { manufacturer_id, beacon_id, reference_rssi, reserved };
            prop_assert_eq!(
                parse_manufacturer_data(manufacturer_id, &b.to_bytes()),
                Ok(BeaconFrame::AltBeacon(b))
            );
        }

        #[test]
        fn eddystone_uid_encode_parse_round_trip(
            tx_power_at_0m in any::<i8>(),
            namespace in any::<[u8; 10]>(),
            instance in any::<[u8; 6]>(),
        ) {
            let b = EddystoneUid { tx_power_at_0m, namespace, instance };
            let bytes = b.to_bytes();
            prop_assert_eq!(bytes.len(), EDDYSTONE_UID_LEN);
            prop_assert_eq!(eddystone(&bytes), Ok(BeaconFrame::EddystoneUid(b)));
        }

        #[test]
        fn eddystone_url_encode_parse_round_trip(
            tx_power_at_0m in any::<i8>(),
            scheme in prop::sample::select(vec!["http://", "https://", "http://www.", "https://www."]),
            body in prop::collection::vec(url_char(), 0..=17),
        ) {
            let url = format!("{scheme}{}", body.into_iter().collect::<String>());
            let b = EddystoneUrl { tx_power_at_0m, url };
            let bytes = b.to_bytes().expect("at most 17 literal characters always fit");
            prop_assert_eq!(eddystone(&bytes), Ok(BeaconFrame::EddystoneUrl(b)));
        }

        #[test]
        fn eddystone_tlm_encode_parse_round_trip(
            battery in prop::option::of(1u16..),
            raw_temp in prop::option::of(-i16::MAX..=i16::MAX),
            adv_count in any::<u32>(),
            uptime_deciseconds in any::<u32>(),
        ) {
            let b = EddystoneTlm {
                version: 0,
                battery_mv: battery,
                temperature_c: raw_temp.map(|t| f32::from(t) / 256.0),
                adv_count,
                uptime_deciseconds,
            };
            prop_assert_eq!(eddystone(&b.to_bytes()), Ok(BeaconFrame::EddystoneTlm(b)));
        }

        #[test]
        fn beacon_id_display_parse_round_trip(
            kind in 0u8..3,
            bytes in any::<[u8; 20]>(),
            major in any::<u16>(),
            minor in any::<u16>(),
        ) {
            let mut uuid = [0u8; 16];
            uuid.copy_from_slice(&bytes[..16]);
            let mut namespace = [0u8; 10];
            namespace.copy_from_slice(&bytes[..10]);
            let mut instance = [0u8; 6];
            instance.copy_from_slice(&bytes[10..16]);
            let id = match kind {
                0 => BeaconId::IBeacon { uuid, major, minor },
                1 => BeaconId::AltBeacon { id: bytes },
                _ => BeaconId::Eddystone { namespace, instance },
            };
            prop_assert_eq!(id.to_string().parse::<BeaconId>(), Ok(id));
        }

        #[test]
        fn beacon_id_parser_never_panics(s in prop::collection::vec(any::<char>(), 0..60)) {
            let s: String = s.into_iter().collect();
            let _ = s.parse::<BeaconId>();
            let with_kind = format!("ibeacon:{s}");
            let _ = with_kind.parse::<BeaconId>();
        }
    }
}
