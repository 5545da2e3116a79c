// SPDX-License-Identifier: BSD-3-Clause
// Validates every .har file of the given folder with har-validator 5.1.5 (the HAR 1.2 schema
// most tools check against); prints each file's errors and exits 1 when any file fails.
'use strict';
const fs = require('fs');
const path = require('path');
const validator = require('har-validator');

async function main() {
  const dir = process.argv[2];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.har')).sort();
  if (files.length === 0) {
    console.error(`har-validator: no .har files in ${dir}`);
    process.exit(1);
  }
  let failed = 0;
  for (const file of files) {
    const har = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    try {
      await validator.har(har);
      console.log(`ok   ${file}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${file}: ${JSON.stringify(e.errors || e.message, null, 1)}`);
    }
  }
  console.log(`har-validator: ${files.length - failed} of ${files.length} valid`);
  process.exit(failed ? 1 : 0);
}
main();
