//! [`Advertisement`]: one received Bluetooth advertisement as a browser reports it, and the
//! synthetic advertisement of a catalog beacon that `vitrine.beacons.simulate` feeds through
//! the same path as real ones.

use crate::engine::prelude::*;

use super::frames::{parse_manufacturer_data, parse_service_data, EDDYSTONE_SERVICE_UUID};
use super::frames::{AltBeacon, BeaconFrame, BeaconId, EddystoneUid, IBeacon};
use super::frames::{APPLE_COMPANY_ID, EDDYSTONE_LOSS_AT_1M_DB};
use crate::engine::catalog::{Beacon, ALTBEACON_DEFAULT_COMPANY_ID};

/// The 1 m reference power written into synthetic frames: a typical beacon's -59 dBm.
pub const SIMULATED_TX_POWER_AT_1M: i8 = -59;

/// One advertisement: the data maps with their keys already split off, and the RSSI.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Advertisement {
    /// Manufacturer data: (company id, bytes after the company id).
    pub manufacturer_data: Vec<(u16, Vec<u8>)>,
    /// Service data of 16-bit service UUIDs: (UUID, bytes).
    pub service_data: Vec<(u16, Vec<u8>)>,
    /// Received signal strength in dBm.
    pub rssi: i16,
}

impl Advertisement {
    /// Every beacon frame in the advertisement, manufacturer data first. Data that is not a
    /// supported frame is skipped: advertisements routinely carry other payloads.
    pub fn frames(&self) -> impl Iterator<Item = BeaconFrame> + '_ {
        let manufacturer = self
            .manufacturer_data
            .iter()
            .map(|(id, data)| parse_manufacturer_data(*id, data));
        let service = self
            .service_data
            .iter()
            .map(|(uuid, data)| parse_service_data(*uuid, data));
        manufacturer.chain(service).filter_map(Result::ok)
    }

    /// The advertisement a catalog beacon sends, received at `rssi`: AltBeacon and iBeacon as
    /// manufacturer data, Eddystone-UID as service data, all with a 1 m reference of
    /// [`SIMULATED_TX_POWER_AT_1M`].
    pub fn simulated(beacon: &Beacon, rssi: i16) -> Self {
        let mut ad = Advertisement {
            rssi,
            ..Self::default()
        };
        match beacon.frame {
            BeaconId::AltBeacon { id } => {
                let frame = AltBeacon {
                    manufacturer_id: beacon.company_id.unwrap_or(ALTBEACON_DEFAULT_COMPANY_ID),
                    beacon_id: id,
                    reference_rssi: SIMULATED_TX_POWER_AT_1M,
                    reserved: 0,
                };
                ad.manufacturer_data
                    .push((frame.manufacturer_id, frame.to_bytes().to_vec()));
            }
            BeaconId::IBeacon { uuid, major, minor } => {
                let frame = IBeacon {
                    uuid,
                    major,
                    minor,
                    measured_power: SIMULATED_TX_POWER_AT_1M,
                };
                ad.manufacturer_data
                    .push((APPLE_COMPANY_ID, frame.to_bytes().to_vec()));
            }
            BeaconId::Eddystone {
                namespace,
                instance,
            } => {
                let frame = EddystoneUid {
                    tx_power_at_0m: SIMULATED_TX_POWER_AT_1M + EDDYSTONE_LOSS_AT_1M_DB,
                    namespace,
                    instance,
                };
                ad.service_data
                    .push((EDDYSTONE_SERVICE_UUID, frame.to_bytes().to_vec()));
            }
        }
        ad
    }
}
