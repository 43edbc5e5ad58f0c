// Command-line parsing for `npx vitrine`, the same rules and messages as the native CLI's
// (src/bin/vitrine.rs, src/bin/vitrine/sign.rs).

import { basename, extname } from 'node:path';

const U64_MAX = 2n ** 64n - 1n;
const I64_MAX = 2n ** 63n - 1n;
const MINUTE_MS = 60_000n;
const UNIT_MS = { d: 24n * 60n * MINUTE_MS, h: 60n * MINUTE_MS, m: MINUTE_MS };

/** A failed command: the exit code (1 invalid input, 2 usage or file errors) and the message. */
export class Failure extends Error {
  constructor(exitCode, message) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A usage error (exit 2); the CLI adds the usage text. */
export class UsageError extends Failure {
  constructor(message) {
    super(2, `vitrine: ${message}`);
  }
}

/** Parsed `--flag value` options and positional arguments. */
export class Options {
  /**
   * `valued` flags take a value (`--flag value` or `--flag=value`); `switches` do not;
   * anything else starting with `-` is an error (a lone `-` is positional).
   * @param {string[]} args
   * @param {string[]} valued
   * @param {string[]} [switches]
   */
  constructor(args, valued, switches = []) {
    this.values = new Map();
    this.switches = new Set();
    this.positional = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      const eq = arg.indexOf('=');
      const inline = eq >= 0 && arg.startsWith('--');
      const name = inline ? arg.slice(0, eq) : arg;
      if (valued.includes(name)) {
        if (!inline && i + 1 >= args.length) throw new UsageError(`\`${name}\` needs a value`);
        const value = inline ? arg.slice(eq + 1) : args[++i];
        if (this.values.has(name)) throw new UsageError(`\`${name}\` given twice`);
        this.values.set(name, value);
      } else if (switches.includes(name)) {
        this.switches.add(name);
      } else if (name.startsWith('-') && name !== '-') {
        throw new UsageError(`unknown option \`${arg}\``);
      } else {
        this.positional.push(arg);
      }
    }
  }

  /** Whether the switch `flag` was given. */
  has(flag) {
    return this.switches.has(flag);
  }

  /** The value of `flag`, or `undefined`. */
  get(flag) {
    return this.values.get(flag);
  }

  /** The value of `flag`, which must be given. */
  required(flag) {
    const value = this.get(flag);
    if (value === undefined) throw new UsageError(`\`${flag}\` is required`);
    return value;
  }

  /** A non-negative 64-bit integer flag (a BigInt), or `fallback`. */
  number(flag, fallback) {
    const value = this.get(flag);
    if (value === undefined) return fallback;
    if (!/^\+?[0-9]+$/.test(value) || BigInt(value) > U64_MAX) {
      throw new UsageError(`\`${flag}\` must be a non-negative integer, not \`${value}\``);
    }
    return BigInt(value);
  }

  /** The one positional argument: the catalog file. */
  catalogArg(command) {
    if (this.positional.length !== 1) {
      throw new UsageError(`\`${command}\` takes exactly one catalog file`);
    }
    return this.positional[0];
  }

  /** Fails on any positional argument. */
  noPositional() {
    if (this.positional.length > 0) {
      throw new UsageError(`unexpected argument \`${this.positional[0]}\``);
    }
  }
}

/** `30d`, `12h` or `90m`, in milliseconds (a BigInt). */
export function duration(text) {
  const unit = UNIT_MS[text.slice(-1)];
  const number = text.slice(0, -1);
  const ms = unit !== undefined && /^[0-9]+$/.test(number) ? BigInt(number) * unit : 0n;
  if (ms <= 0n || ms > I64_MAX) {
    throw new UsageError(
      '`--expires-in` must be a positive number of days, hours or minutes such as 30d, 12h ' +
        `or 90m, not \`${text}\``,
    );
  }
  return ms;
}

/** `catalog.json` → `catalog.<extension>`, next to it, as Rust's `Path::with_extension`. */
export function siblingPath(path, extension) {
  const name = basename(path);
  const stemEnd = path.lastIndexOf(name) + name.length - extname(name).length;
  const out = ['', '.', '..'].includes(name) ? path : `${path.slice(0, stemEnd)}.${extension}`;
  if (out === path) {
    throw new UsageError(`cannot derive the output file from \`${path}\`: give \`--out <file>\``);
  }
  return out;
}
