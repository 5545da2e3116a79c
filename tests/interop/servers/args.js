// SPDX-License-Identifier: BSD-3-Clause
// The command line both interop servers take: [PORT] [--batch-limit N] [--exit-on-eof].
// Bad arguments print the usage and exit with code 2.
'use strict'

module.exports = function parseArgs (script) {
  const args = process.argv.slice(2)
  const take = (name, count) => {
    const i = args.indexOf(name)
    return i < 0 ? undefined : args.splice(i, count)
  }
  const batchLimit = take('--batch-limit', 2)?.[1]
  const exitOnEof = take('--exit-on-eof', 1) !== undefined
  const port = Number(args[0] ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535 || args.length > 1 ||
      (batchLimit !== undefined && !/^\d+$/.test(batchLimit))) {
    console.error(`usage: node ${script} [PORT] [--batch-limit N] [--exit-on-eof]`)
    process.exit(2)
  }
  return { port, batchLimit, exitOnEof }
}
