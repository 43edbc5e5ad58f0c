# Sourced by scripts and the Makefile: picks the Rust toolchain that has the wasm32 standard
# library and puts it first on PATH, so every cargo call (native and wasm32) uses one compiler
# and one shared target directory never rebuilds because the compiler changed.
#
# Order: rustup's toolchain if it has wasm32-unknown-unknown, else Debian's rustc-web in /usr/bin
# (see scripts/setup). VITRINE_TOOLCHAIN=debian skips rustup (to exercise the fallback route).
# Prints nothing; sets VITRINE_RUST to "rustup", "debian" or "none".

vitrine_has_wasm_std() { # $1 = rustc binary
  local sysroot
  sysroot=$("$1" --print sysroot 2>/dev/null) || return 1
  compgen -G "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib" >/dev/null
}

export PATH="$HOME/.cargo/bin:$PATH"
if [ "${VITRINE_TOOLCHAIN:-}" != debian ] && command -v rustup >/dev/null 2>&1 &&
  vitrine_has_wasm_std "$(rustup which rustc 2>/dev/null || echo rustc)"; then
  VITRINE_RUST=rustup
elif [ -x /usr/bin/rustc ] && vitrine_has_wasm_std /usr/bin/rustc; then
  VITRINE_RUST=debian
  export PATH="/usr/bin:$PATH"
  # Debian's rustc links wasm32 with `rust-lld`, which lld-22 ships as wasm-ld.
  if ! command -v rust-lld >/dev/null 2>&1 && [ -x /usr/lib/llvm-22/bin/wasm-ld ]; then
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld
  fi
else
  VITRINE_RUST=none
fi
export VITRINE_RUST
