// The worker thread of optionsJsonThread.ts (bundled as dist/options-json-worker.cjs): reads the
// options.json into records and writes them to the knowledge cache as rows. Only the outcome goes
// back; the records stay here and go with the thread.
// Run as a script (`node dist/options-json-worker.cjs OPTIONS_JSON`), it writes the rows beside
// the file under the shipped key: the flake's vsix build does this, so no installation converts.
import * as path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { writeCache } from '../knowledge/sources/cache.js';
import { readOptionsJsonFiles, shippedRowsKey } from '../knowledge/sources/optionsJson.js';
import type { ConvertReply, ConvertRequest } from './optionsJsonThread.js';

function convert(request: ConvertRequest): ConvertReply {
  const read = readOptionsJsonFiles(request.file);
  return read.ok ? { ok: true, note: writeCache(request.cacheDir, request.key, read.layer) } : { ok: false, reason: read.reason };
}

if (!isMainThread) parentPort?.postMessage(convert(workerData as ConvertRequest));
else {
  const file = process.argv[2];
  const reply = file ? convert({ file: path.resolve(file), cacheDir: path.dirname(path.resolve(file)), key: shippedRowsKey() }) : { ok: false as const, reason: 'Usage: node options-json-worker.cjs OPTIONS_JSON (writes the rows beside it).' };
  if (!reply.ok || reply.note) {
    process.stderr.write(`${reply.ok ? reply.note : reply.reason}\n`);
    process.exitCode = 1;
  }
}
