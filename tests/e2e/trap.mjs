// Fault injection for the trap tests (a trap cannot be caused through the API: nothing the API
// passes makes the core panic). Run in the page before the module loads, with
// `page.evaluate(installTrap, options)` or `page.addInitScript(installTrap, options)`: it wraps
// `WebAssembly.Instance` (the glue's `initSync` instantiates with it) so that, while
// `window.trapNext` is above 0, each call of export `name` gets argument `pointer` (a slice's
// pointer; the next argument is its length) outside the wasm memory: a real trap, inside the
// call. Self-contained: the browser runs its source.
export function installTrap({ name, pointer }) {
  const Instance = WebAssembly.Instance;
  window.trapNext = 0;
  function TrappingInstance(module, imports) {
    const real = new Instance(module, imports);
    if (!(name in real.exports)) return real;
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
    return new Proxy(real, { get: (target, key) => (key === 'exports' ? exports : Reflect.get(target, key)) });
  }
  TrappingInstance.prototype = Instance.prototype;
  WebAssembly.Instance = TrappingInstance;
}
