// bench.mjs: js-tiktoken's counting rate, for comparison with BenchmarkCount in
// lib/token. It reads the same texts file that the Go test writes:
//
//   go test ./lib/token/ -run TestGoldenCounts -write-texts /tmp/qmix-golden
//   node lib/token/testdata/golden/bench.mjs < /tmp/qmix-golden/texts.jsonl
//
// It counts every text once to warm up (JIT, lazy rank tables), then times
// further whole passes, single-threaded, and prints MB/s of UTF-8 input, per wall
// second and per CPU second (the latter stays meaningful on a busy machine).

import { readFileSync } from "node:fs";
import { getEncoding } from "js-tiktoken";

const texts = readFileSync(0, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l).text);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0);

for (const name of ["o200k_base", "cl100k_base"]) {
  const enc = getEncoding(name);
  let tokens = 0;
  for (const t of texts) tokens += enc.encode(t, [], []).length; // warm-up
  const passes = 3;
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (let p = 0; p < passes; p++) {
    for (const t of texts) enc.encode(t, [], []);
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const mb = (bytes * passes) / 1e6;
  console.log(
    `js-tiktoken ${name}: ${texts.length} texts, ${(bytes / 1e6).toFixed(2)} MB, ` +
      `${tokens} tokens, ${(mb / secs).toFixed(2)} MB/s, ${(mb / cpuSecs).toFixed(2)} MB/cpu-s (1 thread)`,
  );
}
