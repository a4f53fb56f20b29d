// The first read of a large options.json (20 000 options and 120 000 packages: about 3 s of CPU)
// runs on a worker thread, which writes the knowledge cache's rows; the server keeps answering
// meanwhile and then loads the rows, which is quick. A thread, not a process: it ends with the
// server whatever happens, and needs no second Node start. The worker is its own small bundle
// beside the server (dist/options-json-worker.cjs, esbuild.mjs); where it is missing (the
// sources run in place) or a thread cannot start, the read happens here as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readCache } from '../knowledge/sources/cache.js';
import { chooseOptionsJson, loadOptionsJson, optionsJsonKey, packagesBeside, readShippedRows, shippedRowsFile, type FileLoad } from '../knowledge/sources/optionsJson.js';

export const WORKER_FILE = 'options-json-worker.cjs';

/** What the worker is given, and what it answers. */
export interface ConvertRequest {
  file: string;
  cacheDir: string;
  key: string;
}
export type ConvertReply = { ok: true; note?: string } | { ok: false; reason: string };

export type OptionsJsonLoad =
  /** Nothing found, from the cache, or read here (no worker, no cache folder). */
  | { done: FileLoad | undefined }
  /** Being read on a worker thread; `cancel` stops it (a settings change, shutdown). */
  | { file: string; pending: Promise<FileLoad>; cancel(): void };

/**
 * Like loadOptionsJson, but a read that is not in the cache goes to a worker thread when
 * `workerFile` exists and there is a cache folder to leave the rows in.
 */
export function loadOptionsJsonOffThread(file: string | undefined, candidates: readonly string[], cacheDir: string | undefined, workerFile: string | undefined): OptionsJsonLoad {
  const chosen = chooseOptionsJson(file, candidates);
  if (!chosen) return { done: undefined };
  const shipped = readShippedRows(chosen);
  if (shipped) return { done: { ok: true, layer: shipped, file: shippedRowsFile(chosen), fromCache: true, shipped: true } };
  const key = cacheDir ? optionsJsonKey(chosen, packagesBeside(chosen)) : undefined;
  if (key && cacheDir) {
    const cached = readCache(cacheDir, key);
    if (cached) return { done: { ok: true, layer: cached, file: chosen, fromCache: true } };
  }
  if (!key || !cacheDir || !workerFile || !fs.existsSync(workerFile)) return { done: loadOptionsJson(chosen, [], cacheDir) };
  let worker: Worker | undefined;
  let cancelled = false;
  const pending = new Promise<FileLoad>((resolve) => {
    const request: ConvertRequest = { file: chosen, cacheDir, key };
    try {
      // (stdout/stderr are the server's own: the LSP speaks on stdout, so the worker's are not inherited)
      worker = new Worker(workerFile, { workerData: request, stdout: true, stderr: true });
    } catch {
      resolve(loadOptionsJson(chosen, [], cacheDir)!);
      return;
    }
    let answered = false;
    worker.once('message', (reply: ConvertReply) => {
      answered = true;
      if (!reply.ok) return resolve({ ok: false, reason: reply.reason });
      const rows = readCache(cacheDir, key);
      // (rows not written: the cache folder refused them; read here, without a cache)
      resolve(rows ? { ok: true, layer: rows, file: chosen, fromCache: false, note: reply.note } : loadOptionsJson(chosen, [], undefined)!);
    });
    worker.once('error', (error) => {
      answered = true;
      resolve({ ok: false, reason: `Reading ${chosen} failed: ${error.message}` });
    });
    worker.once('exit', () => {
      if (!answered) resolve({ ok: false, reason: cancelled ? `Stopped reading ${chosen}.` : `Reading ${chosen} stopped without an answer.` });
    });
  });
  return {
    file: chosen,
    pending,
    cancel() {
      cancelled = true;
      void worker?.terminate();
    },
  };
}

/** The worker's file beside the running bundle (dist/), or undefined. */
export function optionsJsonWorkerFile(serverDir: string | undefined): string | undefined {
  return serverDir ? path.join(serverDir, WORKER_FILE) : undefined;
}
