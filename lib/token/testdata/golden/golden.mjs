// golden.mjs: independent token counts for qmix/lib/token's TestGoldenCounts.
//
// Regenerate ../golden_counts.jsonl (from the repository root; the texts file is
// written outside the repository because dataset text must never be committed):
//
//   (cd lib/token/testdata/golden && npm ci)
//   go test ./lib/token/ -run TestGoldenCounts -write-texts /tmp/qmix-golden
//   node lib/token/testdata/golden/golden.mjs < /tmp/qmix-golden/texts.jsonl \
//       > lib/token/testdata/golden_counts.jsonl
//
// (After npm ci, `go test ./lib/token/ -run TestGoldenCounts -update` runs the last
// two steps, with the texts in a temporary directory.)
//
// Input: JSON Lines of {"text": string} on stdin. Output: one JSON object per
// distinct text, {"sha256": hex of the UTF-8 text, "o200k_base": n, "cl100k_base": n},
// sorted by sha256 so the file is deterministic and diffs stay small.
//
// Counts use ordinary encoding: allowedSpecial and disallowedSpecial are both empty,
// so a special-token string such as "<|endoftext|>" is counted as plain text and
// encode never throws, which is what Counter.Count (EncodeOrdinary) does.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { getEncoding } from "js-tiktoken";

const encodings = ["o200k_base", "cl100k_base"];
const encoders = Object.fromEntries(encodings.map((name) => [name, getEncoding(name)]));

const input = readFileSync(0, "utf8");
const byHash = new Map();
let lineNo = 0;
for (const line of input.split("\n")) {
  lineNo++;
  if (line.trim() === "") continue;
  let text;
  try {
    text = JSON.parse(line).text;
  } catch (err) {
    throw new Error(`stdin line ${lineNo}: ${err.message}`);
  }
  if (typeof text !== "string") {
    throw new Error(`stdin line ${lineNo}: "text" is not a string`);
  }
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  if (byHash.has(sha256)) continue;
  const row = { sha256 };
  for (const name of encodings) {
    row[name] = encoders[name].encode(text, [], []).length;
  }
  byHash.set(sha256, row);
}

const hashes = [...byHash.keys()].sort();
const out = hashes.map((h) => JSON.stringify(byHash.get(h))).join("\n");
process.stdout.write(hashes.length > 0 ? out + "\n" : "");
process.stderr.write(`golden.mjs: ${hashes.length} distinct texts\n`);
