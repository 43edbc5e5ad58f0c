/**
 * Starting an instance: the store, the WebAssembly module and the catalog (cached copy and
 * download) all at once, then the profile, then the first catalog in use. The first banner waits
 * for no write but a new device's id: folding stored events and caching the catalog finish in
 * the background.
 */
import { CatalogSource, downloadCatalog, type CatalogHost, type Download } from './catalog-source.js';
import type { VitrineError } from './errors.js';
import { Instance, randomId } from './instance.js';
import type { Settings } from './options.js';
import type { Loaded } from './storage/store.js';
import { eraseStored, persists, reportTo, storeFor } from './stores.js';
import { loadWasm } from './wasm.js';

/** What a new store holds. */
const NOTHING_STORED: Loaded = { profile: undefined, outbox: [], catalog: undefined, meta: {} };

/** Starts an instance: storage, wasm and catalog in parallel, then the profile. */
export async function startInstance(settings: Settings): Promise<Instance> {
  const report = (error: VitrineError): void => reportTo(settings, error);
  const wasm = loadWasm();
  // Storage and the catalog's download go on while the module streams and compiles.
  wasm.catch(() => {});
  // The download starts as soon as it is known that no catalog is cached: at once without
  // IndexedDB, when the database turns out to be new (a first visit), else after the read.
  let early: Promise<Download | undefined> | undefined;
  const download = (): void => {
    if (settings.catalogUrl === undefined || settings.catalog !== undefined || early) return;
    early = downloadCatalog(settings, undefined);
    early.catch(() => {});
  };
  if (!persists(settings, settings.personalization)) download();
  // Denied (not pending): what earlier visits stored is erased, as a withdrawal in a page does.
  if (settings.personalization === 'denied') await eraseStored(settings, settings.clock(), report);
  const store = await storeFor(settings, settings.personalization, report, download);
  try {
    // A store that was just created holds nothing to read. (Another tab could write between
    // its creation and a read: that tab's data stays stored, and later pages read it.)
    const loaded = store.created ? NOTHING_STORED : await store.load();
    if (loaded.catalog === undefined) download();
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
    cachedPayload?.catch(() => {});
    await wasm;
    instance = new Instance(settings, store, loaded.meta.deviceId ?? randomId(), loaded.meta.erasedAt ?? 0);
    instance.attach(source);
    const deviceSaved = instance.startProfile(loaded);
    await source.start(await cachedPayload, early);
    await deviceSaved;
    return instance;
  } catch (error) {
    store.close();
    throw error;
  }
}
