// File access for `npx vitrine`, failing like the native CLI: exit 2 with Rust's wording of the
// operating system's error (`No such file or directory (os error 2)`).

import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { getSystemErrorMap } from 'node:util';
import { Failure } from './cli-options.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An OS error as Rust's `std::io::Error` prints it, when Node knows its number. */
function osError(error) {
  const known = typeof error.errno === 'number' && getSystemErrorMap().get(error.errno);
  if (!known) return error.message;
  const text = known[1];
  return `${text[0].toUpperCase()}${text.slice(1)} (os error ${Math.abs(error.errno)})`;
}

/** The bytes of the file at `path`. */
export function readBytes(path) {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Failure(2, `vitrine: cannot read \`${path}\`: ${osError(error)}`);
  }
}

/** The bytes of standard input. */
export function readStdin() {
  try {
    return readFileSync(0);
  } catch (error) {
    throw new Failure(2, `vitrine: cannot read \`-\`: ${osError(error)}`);
  }
}

/** The UTF-8 text of the file at `path`, byte order mark kept. */
export function readText(path) {
  const text = utf8Text(readBytes(path));
  if (text === undefined) {
    throw new Failure(2, `vitrine: cannot read \`${path}\`: stream did not contain valid UTF-8`);
  }
  return text;
}

/** `bytes` as UTF-8 text, or `undefined` if they are not UTF-8. */
export function utf8Text(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Writes (or replaces) the file at `path`. */
export function writeFile(path, bytes) {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw new Failure(2, `vitrine: cannot write \`${path}\`: ${osError(error)}`);
  }
}

/** Creates `path` readable by its owner only (0600); never replaces an existing file. */
export function writeSecret(path, text) {
  let fd;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    throw new Failure(
      2,
      error.code === 'EEXIST'
        ? `vitrine: \`${path}\` already exists; refusing to overwrite a key (choose another ` +
            '--out, or move the old key away first)'
        : `vitrine: cannot create \`${path}\`: ${osError(error)}`,
    );
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    rmSync(path, { force: true });
    throw new Failure(2, `vitrine: cannot write \`${path}\`: ${osError(error)}`);
  } finally {
    closeSync(fd);
  }
}
