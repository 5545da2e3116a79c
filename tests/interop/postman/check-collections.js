// SPDX-License-Identifier: BSD-3-Clause
// Checks collections Batchlab exported with Postman's own tools: the official v2.1 schema
// under ajv, then the postman-collection SDK (what Postman and newman load them with).
// Usage: node check-collections.js <file>... ; prints "OK <file>" or "FAIL <file>: <why>"
// per file and exits 1 when any failed.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const { Collection } = require('postman-collection');

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'postman-collection-v2.1.0.schema.json'), 'utf8'));
// ajv 8 rejects the JSON-pointer $ids of the compiled definitions (ajv 6, which Postman's repo
// used, accepted them); every $ref already names #/definitions/<name>.
for (const definition of Object.values(schema.definitions || {}))
  delete definition.$id;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = 0;
for (const file of process.argv.slice(2)) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const problems = [];
  if (!validate(json))
    problems.push(...validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`));
  const collection = new Collection(json);
  const items = [];
  collection.forEachItem((item) => items.push(item));
  if (items.length !== json.item.length)
    problems.push(`the SDK sees ${items.length} requests, the file has ${json.item.length}`);
  items.forEach((item, i) => {
    const raw = json.item[i].request.url.raw;
    // An empty name (Batchlab allows one) is undefined to the SDK.
    if ((item.name || '') !== json.item[i].name)
      problems.push(`item ${i}: the SDK names it "${item.name}"`);
    if (item.request.method !== json.item[i].request.method)
      problems.push(`item ${i}: the SDK's method is ${item.request.method}`);
    // The SDK parses raw into parts and prints them back: the parts Batchlab wrote agree.
    // (An empty query, "x/?", is the one thing it drops: the same request.)
    if (item.request.url.toString() !== raw.replace(/\?(?=#|$)/, ''))
      problems.push(`item ${i}: the SDK reads the URL as "${item.request.url.toString()}", raw is "${raw}"`);
    const auth = json.item[i].request.auth;
    if (auth && (!item.request.auth || item.request.auth.type !== auth.type))
      problems.push(`item ${i}: the SDK does not see its ${auth.type} auth`);
  });
  if (problems.length) {
    failed++;
    console.log(`FAIL ${file}: ${problems.join('; ')}`);
  } else {
    console.log(`OK ${file}`);
  }
}
process.exit(failed ? 1 : 0);
