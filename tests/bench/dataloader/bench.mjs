// SPDX-License-Identifier: BSD-3-Clause
// The reference for bench_engine: graphql/dataloader 2.2.3 on Node doing the same shape of
// work — 1 000 000 loads in chunks of 10 000, maxBatchSize 50, every tenth key a repeat of the
// one before, a batch function that answers on the next tick. Median of 5 runs, ns per key.
import DataLoader from 'dataloader';

const CALLS = 1_000_000;
const CHUNK = 10_000;
const RUNS = 5;
const body = '{"id":1,"name":"Ada Lovelace"}';
const keys = Array.from({ length: CHUNK }, (_, i) => `http://127.0.0.1:8080/users/${i % 10 === 9 ? i - 1 : i}`);

async function run() {
  // A loader per chunk, as DataLoader advises one per request; its cache is what de-duplicates.
  const start = process.hrtime.bigint();
  for (let done = 0; done < CALLS; done += CHUNK) {
    const loader = new DataLoader(async (batch) => batch.map(() => body), { maxBatchSize: 50 });
    await Promise.all(keys.map((key) => loader.load(key)));
  }
  return Number(process.hrtime.bigint() - start) / CALLS;
}

const results = [];
for (let i = 0; i < RUNS; ++i)
  results.push(await run());
results.sort((a, b) => a - b);
console.log(`reference, DataLoader 2.2.3 on Node ${process.versions.node}: ${results[2].toFixed(1)} ns/key (median of ${RUNS})`);
