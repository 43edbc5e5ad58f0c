/**
 * Starting an instance: the store, the WebAssembly module and the catalog (cached copy and
 * download) all at once, then the profile fold, then the first catalog in use.
 */
import { CatalogSource, type CatalogHost } from './catalog-source.js';
import type { VitrineError } from './errors.js';
import { Instance, randomId } from './instance.js';
import type { Settings } from './options.js';
import { eraseStored, reportTo, storeFor } from './stores.js';
import { loadWasm } from './wasm.js';

/** Starts an instance: storage, wasm and catalog in parallel, then the profile fold. */
export async function startInstance(settings: Settings): Promise<Instance> {
  const report = (error: VitrineError): void => reportTo(settings, error);
  const wasm = loadWasm();
  // Storage and the catalog's download go on while the module streams and compiles.
  wasm.catch(() => {});
  // Denied (not pending): what earlier visits stored is erased, as a withdrawal in a page does.
  if (settings.personalization === 'denied') await eraseStored(settings, settings.clock(), report);
  const store = await storeFor(settings, settings.personalization, report);
  try {
    const loaded = await store.load();
    // The catalog source works before the wasm is ready; the instance (its Engine) only after.
    let instance: Instance | undefined;
    const host: CatalogHost = {
      settings,
      store: () => instance?.store() ?? store,
      report,
      adopted: () => instance?.adopted(),
      engine: () => (instance as Instance).engine,
    };
    const source = new CatalogSource(host, loaded.catalog);
    const cachedPayload = settings.catalog === undefined ? source.verifyCached() : undefined;
    const early = settings.catalogUrl !== undefined && loaded.catalog === undefined ? source.download() : undefined;
    early?.catch(() => {});
    cachedPayload?.catch(() => {});
    await wasm;
    instance = new Instance(settings, store, loaded.meta.deviceId ?? randomId(), loaded.meta.erasedAt ?? 0);
    instance.attach(source);
    await instance.loadProfile(loaded.meta.deviceId === undefined);
    await source.start(await cachedPayload, early);
    return instance;
  } catch (error) {
    store.close();
    throw error;
  }
}
