// Fault injection for the trap tests (a trap cannot be caused through the API: nothing the API
// passes makes the core panic). Run in the page before the module loads, with
// `page.evaluate(installTrap, options)` or `page.addInitScript(installTrap, options)`: it wraps
// WebAssembly instantiation so that, while `window.trapNext` is above 0, each call of export
// `name` gets argument `pointer` (a slice's pointer; the next argument is its length) outside
// the wasm memory: a real trap, inside the call. Self-contained: the browser runs its source.
export function installTrap({ name, pointer }) {
  const instantiate = WebAssembly.instantiate;
  window.trapNext = 0;
  WebAssembly.instantiate = async (...args) => {
    const result = await instantiate.apply(WebAssembly, args);
    const real = result instanceof WebAssembly.Instance ? result : result.instance;
    if (!(name in real.exports)) return result;
    const exports = { ...real.exports };
    const original = exports[name];
    exports[name] = (...a) => {
      if (window.trapNext > 0) {
        window.trapNext -= 1;
        a[pointer] = 0xfffffff0;
        a[pointer + 1] = 64;
      }
      return original(...a);
    };
    const proxy = new Proxy(real, { get: (target, key) => (key === 'exports' ? exports : Reflect.get(target, key)) });
    return result instanceof WebAssembly.Instance ? proxy : { ...result, instance: proxy };
  };
}
