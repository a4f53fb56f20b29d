// The worker thread of optionsJsonThread.ts (bundled as dist/options-json-worker.cjs): reads the
// options.json into records and writes them to the knowledge cache as rows. Only the outcome goes
// back; the records stay here and go with the thread.
import { parentPort, workerData } from 'node:worker_threads';
import { writeCache } from '../knowledge/sources/cache.js';
import { readOptionsJsonFiles } from '../knowledge/sources/optionsJson.js';
import type { ConvertReply, ConvertRequest } from './optionsJsonThread.js';

const request = workerData as ConvertRequest;
const read = readOptionsJsonFiles(request.file);
const reply: ConvertReply = read.ok ? { ok: true, note: writeCache(request.cacheDir, request.key, read.layer) } : { ok: false, reason: read.reason };
parentPort?.postMessage(reply);
