// The language server as an editor sees it: the bundled `nix-humanity lsp --stdio` in its own
// process, spoken to over JSON-RPC. Measures start-up, edit-to-diagnostics on a 10 000-line
// file, hover and completion latency, and resident memory after opening the corpus.
// Run alone with `node --import tsx bench/lsp.ts` (after `npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

import { bigConfiguration } from './bigConfiguration';
import { BLOCK_KEYS, editorKeys, editorText, type Change } from '../test/support/editorKeys';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli.cjs');

interface Server {
  child: ChildProcess;
  connection: ProtocolConnection;
  /** Resolves on the publish for `uri` at `version`. */
  published(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  stop(): void;
}

async function startServer(): Promise<{ server: Server; readyMs: number }> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
  const started = performance.now();
  // BENCH_SERVER_NODE_ARGS: Node options for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', process.env.BENCH_SERVER_STDERR ? 'inherit' : 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: Array<{ uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.uri === p.uri && p.version !== undefined && p.version >= w.version) {
        waiters.splice(i, 1);
        w.resolve(p);
      }
    }
  });
  connection.onRequest('workspace/configuration', () => []);
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: {},
    initializationOptions: { trusted: false },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const readyMs = performance.now() - started;
  return {
    readyMs,
    server: {
      child,
      connection,
      published: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
      stop() {
        connection.dispose();
        // with Node options (a profile to write), let it exit by itself: its input ends
        if (nodeArgs.length > 0) child.stdin!.end();
        else child.kill();
      },
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

function stats(samples: number[]): { p50: string; p90: string; p99: string; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50).toFixed(2), p90: percentile(s, 90).toFixed(2), p99: percentile(s, 99).toFixed(2), n: s.length };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.nix')) out.push(p);
    }
  };
  for (const d of ['corpus', 'analysis', 'syntax']) walk(path.join(root, 'test-fixtures', d));
  return out.sort();
}

/** Line/character of the first occurrence of `needle` (plus `delta` characters), or of offset `at`. */
function positionOf(text: string, needle: string, delta = 0, at?: number): { line: number; character: number } {
  const i = at ?? text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in the benchmark file`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: i + delta - (before.lastIndexOf('\n') + 1) };
}

/** Sends one change as version `version` and times it to its diagnostics published. */
async function timedChange(server: Server, uri: string, version: number, change: Change): Promise<number> {
  const done = server.published(uri, version);
  const t = performance.now();
  await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
  await done;
  return performance.now() - t;
}

/** Types and deletes `typed` (one character) at `at`, `count` times, each waiting for its diagnostics. */
async function keystrokes(server: Server, uri: string, at: { line: number; character: number }, firstVersion: number, count: number, typed = 'x'): Promise<number[]> {
  const samples: number[] = [];
  let version = firstVersion;
  for (let i = 0; i < count; i++) {
    version++;
    const change = i % 2 === 0
      ? { range: { start: at, end: at }, text: typed }
      : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
    samples.push(await timedChange(server, uri, version, change));
  }
  return samples;
}

/** Types `line` at `at` a character at a time and then deletes it again character by character, `rounds` times. */
async function typeLine(
  server: Server,
  uri: string,
  at: { line: number; character: number },
  firstVersion: number,
  line: string,
  rounds: number,
): Promise<{ samples: number[]; versions: number }> {
  const samples: number[] = [];
  let version = firstVersion;
  const send = async (change: Change) => {
    samples.push(await timedChange(server, uri, ++version, change));
  };
  for (let r = 0; r < rounds; r++) {
    // (the typed text has one line break, at its end: the cursor stays on `at.line` until then)
    let pos = { ...at };
    for (const ch of line) {
      await send({ range: { start: pos, end: pos }, text: ch });
      pos = ch === '\n' ? { line: pos.line + 1, character: 0 } : { line: pos.line, character: pos.character + 1 };
    }
    for (let k = line.length - 1; k >= 0; k--) {
      const start = { line: at.line, character: at.character + k };
      const end = line[k] === '\n' ? { line: at.line + 1, character: 0 } : { line: at.line, character: at.character + k + 1 };
      await send({ range: { start, end }, text: '' });
    }
  }
  return { samples, versions: version - firstVersion };
}

/**
 * Types BLOCK_KEYS as an editor sends it, starting at the end of `after`'s
 * line, each key waiting for its diagnostics, then deletes the block in one
 * edit (as undo or a selection does; not measured), `rounds` times.
 */
async function editorBlock(server: Server, uri: string, text: string, after: string, firstVersion: number, rounds: number): Promise<{ samples: number[]; versions: number }> {
  const lineEnd = text.indexOf('\n', text.indexOf(after));
  const changes = editorKeys(text, lineEnd, BLOCK_KEYS);
  const samples: number[] = [];
  let version = firstVersion;
  const send = async (change: Change, measured: boolean) => {
    const ms = await timedChange(server, uri, ++version, change);
    if (measured) samples.push(ms);
  };
  // the block is all the text added at the line's end: delete it in one edit
  const start = changes[0]!.range.start;
  const typedLength = changes.reduce((n, c) => n + c.text.length, 0);
  const typedDoc = editorText(text, changes);
  if (typedDoc.slice(0, lineEnd) + typedDoc.slice(lineEnd + typedLength) !== text) throw new Error('editorBlock: the keys did more than add a block');
  if (process.env.BENCH_SHOW_BLOCK) console.log(typedDoc.slice(lineEnd, lineEnd + typedLength));
  const end = positionOf(typedDoc, '', 0, lineEnd + typedLength);
  for (let r = 0; r < rounds; r++) {
    for (const c of changes) await send(c, true);
    await send({ range: { start, end }, text: '' }, false);
  }
  return { samples, versions: version - firstVersion };
}

export async function benchLsp(): Promise<void> {
  // Start-up: process spawn to the initialize answer, and on to the first diagnostics of a
  // typical configuration.nix (everything loaded that a first request needs).
  const starts: number[] = [];
  const firstDiagnostics: number[] = [];
  const typical = bigConfiguration(500);
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const { server, readyMs } = await startServer();
    starts.push(readyMs);
    const done = server.published('file:///bench/first.nix', 1);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///bench/first.nix', languageId: 'nix', version: 1, text: typical } });
    await done;
    firstDiagnostics.push(performance.now() - t);
    server.stop();
  }

  const { server } = await startServer();
  const c = server.connection;
  const text = bigConfiguration();
  const uri = 'file:///bench/configuration.nix';
  const lineCount = text.split('\n').length;
  let version = 1;
  const opened = server.published(uri, 1);
  const openStart = performance.now();
  await c.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nix', version, text } });
  await opened;
  const openMs = performance.now() - openStart;

  // Keystrokes: type and delete a character inside a string in the middle of the file, one at a
  // time, each waiting for its diagnostics (the editor's worst case: no coalescing).
  const at = positionOf(text, '"service-300"', 8);
  const edits = await keystrokes(server, uri, at, version, 200);
  version += 200;
  // Typing in a variable's name (`port300` -> `port300x`, an undefined variable, and back): the
  // binding is re-parsed alone and only that reference is resolved again.
  const nameEdits = await keystrokes(server, uri, positionOf(text, 'port = port300;', 14), version, 100);
  version += 100;
  // Adding to a list (`[ "multi-user.target" ]` -> `[ "multi-user.target" x]`): the binding is
  // re-parsed alone; the tree changed shape, so its value is analysed again.
  const shapeEdits = await keystrokes(server, uri, positionOf(text, '"multi-user.target" ];', 20), version, 100);
  version += 100;
  // A keystroke that breaks the syntax (a `"` opening a string that runs on) and the one that
  // mends it: where a runaway string stops depends on the text after it and on strings before
  // it, so the text from the run to the end is lexed (what matters before it is kept), then the
  // run again cut short, and the binding re-parsed.
  const brokenEdits = await keystrokes(server, uri, positionOf(text, 'port = port300;', 7), version, 100, '"');
  version += 100;
  // Typing a new binding on a new line, a character at a time, then deleting it: the syntax is
  // broken until its `;`, and the run of bindings around it is re-parsed, errors and all.
  const typing = await typeLine(server, uri, positionOf(text, '    port = port300;\n', 20), version, '    services.nginx.enable = true;\n', 3);
  version += typing.versions;
  // Typing a whole block as an editor sends it (brackets and quotes closed as they open, Enter
  // indenting), with a `with`, a `let` and nested sets in it: about 300 keystrokes a round.
  const block = await editorBlock(server, uri, text, 'environment.etc."app299.conf"', version, 3);
  version += block.versions;

  // The same on a file the size of a typical configuration.nix (about 500 lines).
  const small = bigConfiguration(500);
  const smallUri = 'file:///bench/small.nix';
  const smallOpened = server.published(smallUri, 1);
  await c.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: smallUri, languageId: 'nix', version: 1, text: small } });
  await smallOpened;
  const smallEdits = await keystrokes(server, smallUri, positionOf(small, '"service-10"', 8), 1, 200);

  // Hover and completion on a stable document (the analysis is cached per version). A
  // thousand of each: a p99 of fewer rests on a handful of requests that met a collection.
  const hoverAt = positionOf(text, 'port = port300;', 8);
  const completeAt = positionOf(text, 'port = port300;', 11);
  const hovers: number[] = [];
  const completions: number[] = [];
  // (a moment's rest first: the garbage collection the typing above set going finishes, rather
  // than landing on a request it has nothing to do with; "right after an edit" below has it all)
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (let i = 0; i < 1000; i++) {
    let t = performance.now();
    await c.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
    hovers.push(performance.now() - t);
    t = performance.now();
    await c.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: completeAt });
    completions.push(performance.now() - t);
  }
  // Hover right after an edit includes re-analysing the file: the first request on a new version.
  const coldHovers: number[] = [];
  for (let i = 0; i < 30; i++) {
    version++;
    const change = i % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
    const done = server.published(uri, version);
    await c.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    const t = performance.now();
    await c.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
    coldHovers.push(performance.now() - t);
    await done;
  }
  server.stop();

  // Memory: a fresh server with every corpus file open.
  const { server: mem } = await startServer();
  const idleRss = rssMiB(mem.child.pid!);
  const files = corpusFiles();
  let bytes = 0;
  for (const file of files) {
    const content = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(content);
    const fileUri = pathToFileURL(file).href;
    const done = mem.published(fileUri, 1);
    await mem.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: fileUri, languageId: 'nix', version: 1, text: content },
    });
    await done;
  }
  const bigUri = 'file:///bench/big.nix';
  const bigDone = mem.published(bigUri, 1);
  await mem.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: bigUri, languageId: 'nix', version: 1, text },
  });
  await bigDone;
  const openRss = rssMiB(mem.child.pid!);
  mem.stop();

  const s = stats(starts);
  const e = stats(edits);
  const h = stats(hovers);
  const hc = stats(coldHovers);
  const co = stats(completions);
  console.log(`File: ${lineCount} lines, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB; the server is the bundled binary over stdio.\n`);
  console.log('| Measure | p50 (ms) | p90 (ms) | p99 (ms) | samples |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| Start-up: spawn to initialize answered | ${s.p50} | ${s.p90} | ${s.p99} | ${s.n} |`);
  const fd = stats(firstDiagnostics);
  console.log(`| Start-up: spawn to the first diagnostics of a ${typical.split('\n').length}-line file | ${fd.p50} | ${fd.p90} | ${fd.p99} | ${fd.n} |`);
  console.log(`| Open the file to first diagnostics | ${openMs.toFixed(2)} | | | 1 |`);
  console.log(`| Keystroke to diagnostics published: typing in a string | ${e.p50} | ${e.p90} | ${e.p99} | ${e.n} |`);
  const ne = stats(nameEdits);
  console.log(`| Keystroke to diagnostics: typing in a variable name | ${ne.p50} | ${ne.p90} | ${ne.p99} | ${ne.n} |`);
  const sh = stats(shapeEdits);
  console.log(`| Keystroke to diagnostics: adding to a list (value re-analysed) | ${sh.p50} | ${sh.p90} | ${sh.p99} | ${sh.n} |`);
  const ty = stats(typing.samples);
  console.log(`| Keystroke to diagnostics: typing a new binding on its own line (broken until its \`;\`) | ${ty.p50} | ${ty.p90} | ${ty.p99} | ${ty.n} |`);
  const bl = stats(block.samples);
  console.log(`| Keystroke to diagnostics: typing a block as an editor does (brackets auto-closed, a \`with\` and a \`let\` in it) | ${bl.p50} | ${bl.p90} | ${bl.p99} | ${bl.n} |`);
  // the two keystrokes take different paths: each its own row
  const opening = stats(brokenEdits.filter((_, i) => i % 2 === 0));
  const closing = stats(brokenEdits.filter((_, i) => i % 2 === 1));
  console.log(`| Keystroke to diagnostics: opening a string that runs on (the text from the run on lexed) | ${opening.p50} | ${opening.p90} | ${opening.p99} | ${opening.n} |`);
  console.log(`| Keystroke to diagnostics: closing it again | ${closing.p50} | ${closing.p90} | ${closing.p99} | ${closing.n} |`);
  const se = stats(smallEdits);
  console.log(`| Keystroke to diagnostics, ${small.split('\n').length}-line file | ${se.p50} | ${se.p90} | ${se.p99} | ${se.n} |`);
  console.log(`| Hover (analysis cached) | ${h.p50} | ${h.p90} | ${h.p99} | ${h.n} |`);
  console.log(`| Hover right after an edit (re-analysis) | ${hc.p50} | ${hc.p90} | ${hc.p99} | ${hc.n} |`);
  console.log(`| Completion (analysis cached) | ${co.p50} | ${co.p90} | ${co.p99} | ${co.n} |`);
  console.log('');
  console.log('| Memory | RSS (MiB) |');
  console.log('|---|---:|');
  console.log(`| Idle server after initialize | ${idleRss.toFixed(1)} |`);
  console.log(
    `| ${files.length} corpus files (${(bytes / 1024).toFixed(0)} KiB) + the ${lineCount}-line file open | ${openRss.toFixed(1)} |`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchLsp();
}
