// SPDX-License-Identifier: BSD-3-Clause
// Starts the SAP CAP OData V4 service in cap/ for Batchlab's interop tests.
//
//   node start-cap.js [PORT] [--batch-limit N] [--exit-on-eof]
//
// PORT 0 (the default) picks a free port. Listens on 127.0.0.1 only. Once the
// server accepts connections it prints exactly one line "LISTENING <port>" to
// stdout; everything else (CAP's own logging) goes to stderr.
// --batch-limit N sets CAP's cds.odata.batch_limit: a $batch with more than N
//   requests is answered 429 BATCH_TOO_MANY_REQ. Unset means no limit.
// --exit-on-eof exits when stdin closes, so a server whose test died does not
//   linger (for QProcess; do not use it with stdin at /dev/null).
'use strict'
const path = require('path')

// Keep stdout for the LISTENING line alone: CAP logs via console.log/info.
console.log = console.info = console.debug = console.error

const { port, batchLimit, exitOnEof } = require('./args')('start-cap.js')

const cds = require('@sap/cds')
cds.root = path.join(__dirname, 'cap') // model, CSV data and .cdsrc.yaml
if (batchLimit !== undefined) cds.env.odata.batch_limit = Number(batchLimit)

async function main () {
  const express = require('express')
  const app = express()
  // cds.server() calls app.listen(port) without a host, which would bind all
  // interfaces; pin it to loopback.
  const listen = app.listen
  app.listen = (p) => listen.call(app, p, '127.0.0.1')

  // in_memory: deploy the model and the CSV seed data to the :memory: db.
  const server = await cds.server({ app, port, in_memory: true })
  const announce = () => process.stdout.write(`LISTENING ${server.address().port}\n`)
  if (server.listening) announce(); else server.once('listening', announce)
  server.once('error', (e) => { console.error(e); process.exit(1) })

  if (exitOnEof) {
    process.stdin.on('end', () => process.exit(0)).resume()
  }
}

main().catch((e) => { console.error(e); process.exit(1) })
