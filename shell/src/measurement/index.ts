/**
 * `vitrine/measurement`: private aggregate measurement (docs/measurement.md), a separate entry
 * point with its own WebAssembly module, so that shops that do not measure download none of it. It plugs into a running
 * instance through `extensionOf` (extension.ts) and imports nothing else from the core at run
 * time.
 *
 * ```js
 * import { Vitrine } from 'vitrine';
 * import { measurement } from 'vitrine/measurement';
 * const vitrine = await Vitrine.init({ ... });
 * await measurement(vitrine, { endpoint: '/vitrine/reports' });
 * ```
 */
import { extensionOf } from '../extension.js';
import type { VitrineInstance } from '../index.js';
import { Meter } from './meter.js';
import { loadMeasurement, WasmMeter } from './module.js';
import { readOptions } from './options.js';
import type { Measurement, MeasurementOptions } from './types.js';

export type { Measurement, MeasurementData, MeasurementOptions } from './types.js';

/** Instances measured now (at most one measurement each). */
const measured = new WeakSet<object>();

/**
 * Starts measurement on `instance`. It counts only while personalization and measurement
 * consent are both `granted` and the browser sends no Global Privacy Control signal; it sends
 * at most one report per finished shop day. Resolves once a finished day, if any, is reported
 * (and a ledger left from when measurement was allowed is deleted). Loads the measurement
 * module (`vitrine_measurement_bg.wasm`, next to `measurement.js`) first. Rejects with
 * `measurement_config_invalid` (a `TypeError`) for bad options or a second measurement of one
 * instance, `options_invalid` when `instance` is not one `Vitrine.init` resolved to,
 * `destroyed` after its `destroy`, and `wasm_load_failed` when the module cannot be loaded (a
 * later call tries again).
 */
export async function measurement(instance: VitrineInstance, options: MeasurementOptions): Promise<Measurement> {
  const ext = extensionOf(instance, 'measurement(instance, options)');
  if (ext.destroyed) throw ext.error('destroyed', 'this Vitrine instance was destroyed; measure a new one');
  await loadMeasurement(ext);
  if (ext.destroyed) throw ext.error('destroyed', 'this Vitrine instance was destroyed; measure a new one');
  const wasm = new WasmMeter();
  let settings;
  try {
    settings = readOptions(ext, wasm, options);
    if (measured.has(instance)) {
      throw ext.error('measurement_config_invalid', 'measurement already runs on this instance; stop() it first');
    }
  } catch (error) {
    wasm.free();
    throw error;
  }
  measured.add(instance);
  let removeExport = (): void => {};
  const meter = new Meter(ext, wasm, settings, () => {
    measured.delete(instance);
    removeExport();
  });
  // The instance's own exportData() shows the ledger too, while measurement runs.
  removeExport = ext.onExport('measurement', () => meter.exportData());
  await meter.start();
  return Object.freeze({ exportData: () => meter.exportData(), stop: () => meter.stop() });
}
