// SPDX-License-Identifier: BSD-3-Clause
// Starts a jayson JSON-RPC 2.0 server over HTTP for Batchlab's interop tests.
//
//   node start-jsonrpc.js [PORT] [--batch-limit N] [--exit-on-eof]
//
// POST http://127.0.0.1:<port>/rpc (Content-Type: application/json); any
// other path is 404. PORT 0 (the default) picks a free port. Once listening
// it prints exactly one line "LISTENING <port>" to stdout.
// --batch-limit N sets jayson's maxBatchLength: a batch with more than N
//   elements is answered with a single error -32099. Unset means no limit.
// --exit-on-eof exits when stdin closes (for QProcess; see start-cap.js).
'use strict'
const http = require('http')
const jayson = require('jayson')

const RPC_PATH = '/rpc'

const { port, batchLimit, exitOnEof } = require('./args')('start-jsonrpc.js')

// The same seed rows as the CAP service's CSV files, so tests can share
// expectations between the two protocols.
const users = new Map([
  [1, 'Alice'], [2, 'Bob'], [3, 'Carol'], [4, 'Dave'], [5, 'Erin'],
  [6, 'Frank'], [7, 'Grace'], [8, 'Heidi'], [9, 'Ivan'], [10, 'Judy']
].map(([id, name]) => [id, { id, name, email: `${name.toLowerCase()}@example.com` }]))
const items = new Map([
  [1, 'Pen', 1.5, 1], [2, 'Notebook', 3.25, 1], [3, 'Stapler', 7.99, 2],
  [4, 'Lamp', 24, 3], [5, 'Mug', 5.5, 4], [6, 'Chair', 89.9, 5],
  [7, 'Desk', 199, 6], [8, 'Cable', 4.2, 7], [9, 'Mouse', 19.99, 8],
  [10, 'Plant', 12, null]
].map(([id, name, price, ownerId]) => [id, { id, name, price, ownerId }]))
let counter = 0

// Params may be by-name ({"id": 1}) or by-position ([1]).
const param = (params, name, index) =>
  Array.isArray(params) ? params[index] : params?.[name]

const invalidParams = (message) => ({ code: -32602, message })

// Handlers take (params, callback); callback(error) sends a JSON-RPC error.
// -32000 is in the range JSON-RPC 2.0 leaves to the server for its own errors.
const lookup = (table, what) => (params, callback) => {
  const id = param(params, 'id', 0)
  if (!Number.isInteger(id)) return callback(invalidParams('id must be an integer'))
  const row = table.get(id)
  if (!row) return callback({ code: -32000, message: `${what} not found`, data: { id } })
  callback(null, row)
}

const methods = {
  'users.get': lookup(users, 'User'),
  'items.get': lookup(items, 'Item'),
  echo: (params, callback) => callback(null, params ?? null),
  add: (params, callback) => {
    const a = param(params, 'a', 0)
    const b = param(params, 'b', 1)
    if (typeof a !== 'number' || typeof b !== 'number') {
      return callback(invalidParams('add takes two numbers'))
    }
    callback(null, a + b)
  },
  // Always an application error; data echoes the params so a test can check
  // that error data reaches the caller intact.
  fail: (params, callback) =>
    callback({ code: 1000, message: 'Intentional failure', data: { params: params ?? null } }),
  // Stateful pair: a write that a later request (or batch) can read back.
  'counter.increment': (params, callback) => {
    const by = param(params, 'by', 0) ?? 1
    if (!Number.isInteger(by)) return callback(invalidParams('by must be an integer'))
    counter += by
    callback(null, counter)
  },
  'counter.get': (params, callback) => callback(null, counter),
  // Answers after "ms" milliseconds (at most 10 s): for timeout and
  // concurrency tests.
  sleep: (params, callback) => {
    const ms = param(params, 'ms', 0)
    if (!Number.isInteger(ms) || ms < 0 || ms > 10000) {
      return callback(invalidParams('ms must be an integer in 0..10000'))
    }
    setTimeout(() => callback(null, ms), ms)
  }
}

const rpc = new jayson.Server(methods, {
  maxBatchLength: batchLimit === undefined ? Infinity : Number(batchLimit)
})
// jayson's own HTTP handling (what rpc.http() uses), mounted at RPC_PATH
// only, so a client that posts to the wrong path sees a plain 404.
const handle = jayson.Utils.getHttpListener({ options: rpc.options }, rpc)
const server = http.createServer((req, res) => {
  if (new URL(req.url, 'http://localhost').pathname === RPC_PATH) return handle(req, res)
  res.writeHead(404).end()
})
server.once('error', (e) => { console.error(e); process.exit(1) })
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`)
})

if (exitOnEof) {
  process.stdin.on('end', () => process.exit(0)).resume()
}
