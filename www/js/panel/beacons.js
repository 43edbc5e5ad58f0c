// Beacons (vitrine/beacons, loaded when this section first updates): real Web Bluetooth scanning
// where the browser has it, and a simulator everywhere else that feeds made-up advertisements into
// the same code path.
import { h, fill } from '../dom.js';
import { beacons, state } from '../personalization.js';
import { section } from './section.js';

export function create() {
  const { el, body } = section('beacons', 'Beacons');
  const status = h('p', { testid: 'beacon-status', role: 'status' });
  const startButton = h('button', {
    class: 'btn btn-small', type: 'button', testid: 'beacon-start',
    onclick: () => (beacons.status() === 'scanning' ? beacons.stop() : beacons.start()),
  }, 'Start scanning');
  const select = h('select', { id: 'beacon-select', testid: 'beacon-select' }, h('option', { value: '' }, 'Loading beacons…'));
  const rssiValue = h('output', { for: 'beacon-rssi', testid: 'beacon-rssi-value' }, '-60 dBm');
  const rssi = h('input', {
    id: 'beacon-rssi', type: 'range', min: '-100', max: '-30', step: '1', value: '-60', testid: 'beacon-rssi',
    oninput: () => (rssiValue.textContent = `${rssi.value} dBm`),
  });
  const log = h('p', { class: 'muted', testid: 'beacon-log', 'aria-live': 'polite' });
  const send = () => {
    if (!select.value) return;
    beacons.simulate({ beacon: select.value, rssi: Number(rssi.value) });
    log.textContent = `Sent “${select.value}” at ${rssi.value} dBm, ${new Date().toLocaleTimeString()}.`;
  };
  const sendButton = h('button', { class: 'btn btn-small', type: 'button', testid: 'beacon-send', onclick: send }, 'Send advertisement');
  let timer;
  const auto = h('input', {
    type: 'checkbox', id: 'beacon-auto', testid: 'beacon-auto',
    onchange: () => {
      clearInterval(timer);
      if (auto.checked) timer = setInterval(send, 1000);
    },
  });
  const simulator = h('fieldset', { class: 'simulator', testid: 'beacon-simulator' },
    h('legend', {}, 'Simulator (no Bluetooth)'),
    h('p', { class: 'field' }, h('label', { for: 'beacon-select' }, 'Beacon'), select),
    h('p', { class: 'field' }, h('label', { for: 'beacon-rssi' }, 'Signal strength (RSSI) '), rssi, ' ', rssiValue),
    h('p', { class: 'actions' }, sendButton, h('span', { class: 'switch' }, auto, h('label', { for: 'beacon-auto' }, 'Send every second'))),
    log);
  fill(body, status, h('p', {}, startButton), simulator,
    h('p', { class: 'muted' }, 'Offers for shoppers near a beacon appear as soon as the zone is entered (in-store offers target phones: try a narrow window).'));
  let listed = false;

  return {
    el,
    update() {
      const ready = beacons.ready();
      if (ready && !listed) {
        listed = true;
        listBeacons(select);
      }
      const s = beacons.status();
      const bluetooth = 'bluetooth' in navigator;
      status.textContent = state.status !== 'ready' ? 'Bluetooth: SDK not running.'
        : !ready ? (beacons.failed() ? 'Bluetooth: beacon support failed to load.' : 'Bluetooth: loading beacon support…')
          : `Bluetooth: ${s}${!bluetooth ? ' (this browser has no Web Bluetooth)' : ''}.`;
      startButton.disabled = !(ready && bluetooth && s !== 'unsupported');
      startButton.textContent = s === 'scanning' ? 'Stop scanning' : 'Start scanning';
      const canSimulate = ready;
      sendButton.disabled = !canSimulate;
      auto.disabled = !canSimulate;
      if (!canSimulate && auto.checked) {
        auto.checked = false;
        clearInterval(timer);
      }
    },
  };
}

// The beacons a shop has installed are those of its campaign catalog: `zones()` lists them all.
function listBeacons(select) {
  const list = beacons.zones();
  fill(select, list.length ? list.map((b) => h('option', { value: b.beacon }, `${b.name} (${b.beacon})`)) : h('option', { value: '' }, 'No beacons in the catalog'));
}
