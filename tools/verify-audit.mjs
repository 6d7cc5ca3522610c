#!/usr/bin/env node
// Verifies a bidhall audit export (JSON Lines from GET /api/audit/export) offline.
//
//   node tools/verify-audit.mjs bidhall-audit.jsonl      (or pipe the export on stdin)
//
// Each line is one event. The chain starts from 64 zeros; for every event, in order:
//   seq      is the previous seq + 1 (the first is 1)
//   prevHash is the previous event's hash
//   hash     is sha256_hex(prevHash + "\n" + JCS(body)), where body is the event without
//            prevHash and hash, and JCS is RFC 8785 canonical JSON.
// Prints "OK <count> <head hash>" and exits 0, or names the first broken link and exits 1.
// Needs Node 18+ and the `canonicalize` package (RFC 8785; `npm install canonicalize` outside this repository).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import canonicalize from 'canonicalize';

const input = process.argv[2] ? createReadStream(process.argv[2]) : process.stdin;
let prevHash = '0'.repeat(64);
let expectedSeq = 1;
let count = 0;

const fail = (seq, reason) => {
  console.log(`BROKEN at seq ${seq}: ${reason}`);
  process.exit(1);
};

for await (const line of createInterface({ input, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  count += 1;
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    fail(expectedSeq, 'MALFORMED');
  }
  const { prevHash: linkedTo, hash, ...body } = event;
  if (body.seq !== expectedSeq) fail(expectedSeq, 'SEQ_GAP');
  if (linkedTo !== prevHash) fail(body.seq, 'PREV_HASH_MISMATCH');
  const recomputed = createHash('sha256').update(`${linkedTo}\n${canonicalize(body)}`).digest('hex');
  if (recomputed !== hash) fail(body.seq, 'HASH_MISMATCH');
  prevHash = hash;
  expectedSeq += 1;
}
console.log(`OK ${count} ${prevHash}`);
