#!/usr/bin/env node
// `npx vitrine`: the native CLI's catalog commands and `profile` on Node alone
// (docs/signing.md, docs/catalog.md).
// Exit codes: 0 success, 1 the input is invalid (a bad catalog, a bad or missing signature, a
// bad key file), 2 usage errors and unreadable or unwritable files.

import * as commands from './cli-commands.js';
import { version } from './catalog.js';
import { Failure, UsageError } from './cli-options.js';

const USAGE = `\
vitrine - tools for Vitrine catalogs (Node)

usage:
  vitrine validate <catalog.json>
      check a catalog; prints every problem with its JSON path
  vitrine compile [--sequence <n>] [--expires-in <30d|12h|90m>] [--out <file>] <catalog.json>
      validate and compile the catalog into an unsigned payload for tests (default file:
      <catalog>.unsigned.bin next to it); devices that check signatures need \`vitrine sign\`
  vitrine keygen [--out <file>]
      create a catalog signing key (default file: vitrine-signing.key, mode 0600, never
      overwritten) and print its public key for \`init({ publicKeys })\`; see docs/signing.md
  vitrine sign --key <key file> [--sequence <n>] [--expires-in <30d|12h|90m>] [--out <file>]
               <catalog.json>
      validate and compile the catalog and write the signed catalog.bin next to it (or
      --out); default sequence: the time in seconds since 1970, default expiry: 30 days
  vitrine verify --key <public key>[,<public key>...] <catalog.bin>
      check a signed catalog.bin (and that it decodes and has not expired) against the
      public keys; exit 0 if it verifies
  vitrine profile --events <events.jsonl> [--catalog <catalog.json>] [--at <ms>] [--json]
      the profile one device's events build (the JSON events \`track\` takes, one per line):
      every profile feature's value at --at (default: the latest event) and every product
      bought, most likely to be bought next first; --catalog sets the time zone and beacons
  vitrine --version     print the version
  vitrine help          print this help

The native CLI (\`cargo run --features cli -- help\` in the Vitrine repository) also has
replay, simulate, inspect, aggregate and priors.
`;

const COMMANDS = {
  validate: commands.validate,
  compile: commands.compile,
  keygen: commands.keygen,
  sign: commands.sign,
  verify: commands.verify,
  profile: commands.profile,
};

/** Runs one command line; returns the exit code. */
function main(args) {
  const [command, ...rest] = args;
  try {
    if (command === '--version' || command === '-V') return print(`vitrine ${version()}`);
    if (['help', '--help', '-h'].includes(command)) return print(USAGE.trimEnd());
    if (command === undefined) throw new Failure(2, USAGE);
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(`unknown command \`${command}\``);
    return print(run(rest));
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    const message = error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error.message;
    process.stderr.write(`${message.trimEnd()}\n`);
    return error.exitCode;
  }
}

function print(text) {
  process.stdout.write(`${text}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
