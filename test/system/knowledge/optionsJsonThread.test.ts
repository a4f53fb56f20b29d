// The first read of a full-size options.json (20 000 options, 120 000 packages) in the built
// server over stdio: it runs on a worker thread, so a hover is answered (from the embedded layer)
// while it runs; then the options.json's own options are known, and the next start reads the rows.
// Also the rows built beside an options.json when it was built (what the flake's vsix does):
// read at once, nothing converted; and the flake's vsix step itself, run on generated files: it
// packages only the rows, and a server beside them has every option and package.
// Needs `npm run build` (dist/cli.cjs and dist/options-json-worker.cjs).
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { generate } from '../../../bench/knowledge.js';
import { writeManualFiles } from '../../../bench/knowledgeOptionsJson.js';
import type { KnowledgeStateParams } from '../../../server/src/protocol/knowledge.js';
import { KNOWLEDGE_STATE } from '../../../server/src/protocol/messages.js';
import { requireTool } from '../../support/tools.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

interface Server {
  child: ChildProcess;
  connection: ProtocolConnection;
  /** Every options.json state, in order, with when it came. */
  states: Array<{ state: string; detail: string; options?: number; packages?: number; at: number }>;
  /** Ends the server and waits for it to be gone (it may still be writing a code cache). */
  close(): Promise<void>;
}

async function startServer(folder: string, cache: string, cli = path.join(ROOT, 'dist/cli.cjs')): Promise<Server> {
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { env: { ...process.env, XDG_CACHE_HOME: cache }, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onRequest('workspace/configuration', () => []);
  const states: Server['states'] = [];
  connection.onNotification(KNOWLEDGE_STATE, (p: KnowledgeStateParams) => {
    const s = p.sources.find((x) => x.source === 'options.json');
    if (s && s.state !== states.at(-1)?.state) states.push({ state: s.state, detail: s.detail, options: s.options, packages: s.packages, at: performance.now() });
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: pathToFileURL(folder).href, capabilities: {}, initializationOptions: { trusted: false } });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    child,
    connection,
    states,
    close() {
      connection.dispose();
      const gone = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      return gone;
    },
  };
}

async function until(test: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : JSON.stringify(h?.contents ?? null));

describe('a first options.json read off the main thread (the built server)', function () {
  this.timeout(180_000);
  let dir: string;
  let folder: string;
  let generatedOption: string[];
  before(function () {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'options-json-worker.cjs'))) throw new Error('Run `npm run build` first: dist/options-json-worker.cjs is missing.');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-options-thread-'));
    folder = path.join(dir, 'ws');
    const { layer, optionPaths } = generate();
    writeManualFiles(layer, path.join(folder, 'result', 'share', 'doc', 'nixos'));
    generatedOption = optionPaths.find((p) => !p.includes('<name>') && p.at(-1) === 'enable')!;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers a hover while it reads, then knows the options.json, and the next start reads the rows', async () => {
    const cache = path.join(dir, 'cache');
    const src = `{ ... }:\n{\n  services.openssh.enable = true;\n  ${generatedOption.join('.')} = true;\n}\n`;
    const uri = pathToFileURL(path.join(folder, 'configuration.nix')).href;
    const hoverAt = (s: Server, line: number, character: number) =>
      s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }).then((h) => ({ h, at: performance.now() }));
    const first = await startServer(folder, cache);
    try {
      await until(() => first.states.length > 0, 30_000, 'the options.json state');
      assert.equal(first.states[0]!.state, 'loading', first.states[0]!.detail);
      await first.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nix', version: 1, text: src } });
      const during = await hoverAt(first, 2, 14);
      // Answered before the read was done, from the embedded layer.
      assert.deepEqual(first.states.map((s) => s.state), ['loading'], 'the hover came back while the options.json was still being read');
      assert.match(hoverText(during.h), /OpenSSH/i);
      await until(() => first.states.some((s) => s.state !== 'loading'), 150_000, 'the options.json to be read');
      const ready = first.states.at(-1)!;
      assert.equal(ready.state, 'ready', ready.detail);
      assert.equal(ready.options, 20_000);
      assert.ok(during.at < ready.at);
      // Its own options are known now (the index was rebuilt when the rows came in).
      const after = await hoverAt(first, 3, 4);
      assert.match(hoverText(after.h), new RegExp(generatedOption.at(-2)!));
    } finally {
      await first.close();
    }
    const next = await startServer(folder, cache);
    try {
      await until(() => next.states.length > 0, 30_000, 'the options.json state');
      assert.equal(next.states[0]!.state, 'ready', 'no second read');
      assert.match(next.states[0]!.detail, /from the cache/);
    } finally {
      await next.close();
    }
  });
  it('reads the rows built beside an options.json (the vsix build) without converting anything', async () => {
    const shipped = path.join(dir, 'shipped', 'result', 'share', 'doc', 'nixos');
    fs.mkdirSync(shipped, { recursive: true });
    for (const f of ['options.json', 'packages.json']) fs.copyFileSync(path.join(folder, 'result', 'share', 'doc', 'nixos', f), path.join(shipped, f));
    // As flake.nix's vsix build runs it.
    const built = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'options-json-worker.cjs'), path.join(shipped, 'options.json')], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    assert.equal(fs.readdirSync(shipped).filter((f) => f.endsWith('.rows')).length, 1);
    const cache = path.join(dir, 'cache-shipped');
    const server = await startServer(path.join(dir, 'shipped'), cache);
    try {
      await until(() => server.states.length > 0, 30_000, 'the options.json state');
      assert.equal(server.states[0]!.state, 'ready', server.states[0]!.detail);
      assert.match(server.states[0]!.detail, /rows built with it/);
      assert.equal(server.states[0]!.options, 20_000);
      assert.equal(fs.existsSync(path.join(cache, 'nix-humanity', 'knowledge')) && fs.readdirSync(path.join(cache, 'nix-humanity', 'knowledge')).some((f) => f.endsWith('.rows')), false, 'nothing converted into the cache');
    } finally {
      await server.close();
    }
    const usage = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'options-json-worker.cjs'), path.join(dir, 'missing.json')], { encoding: 'utf8' });
    assert.equal(usage.status, 1);
    assert.match(usage.stderr, /Could not read .*missing\.json \(ENOENT\)/);
  });

  it("runs the flake's vsix step on generated files: only the rows are packaged, and the server beside them reads them", async function () {
    requireTool('nix-instantiate');
    // The vsix's installPhase as flake.nix writes it (evaluated against the stand-in nixpkgs), from
    // where it fills dist/knowledge/ to just before it packages.
    const outputs = JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', path.join(ROOT, 'test-fixtures/flake-check/evaluate-outputs.nix'), '--arg', 'flakeDir', ROOT], { encoding: 'utf8' })) as { vsixInstall: string };
    const lines = outputs.vsixInstall.split('\n');
    const from = lines.findIndex((l) => l.includes('dist/knowledge') && l.includes('mkdir'));
    const to = lines.findIndex((l) => l.includes('vsce package'));
    assert.ok(from >= 0 && to > from, outputs.vsixInstall);
    // The knowledge derivation's output: the generated options.json and packages.json.
    const knowledge = path.join(dir, 'knowledge-output');
    fs.mkdirSync(knowledge);
    for (const f of ['options.json', 'packages.json']) fs.copyFileSync(path.join(folder, 'result', 'share', 'doc', 'nixos', f), path.join(knowledge, f));
    const step = lines.slice(from, to).join('\n').replaceAll('/nix/store/stand-in-runCommand', knowledge);
    // The build's tree: the built bundles, package.json and .vscodeignore (what vsce reads).
    const pkg = path.join(dir, 'vsix-build');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    for (const f of ['cli.cjs', 'cli-main.cjs', 'options-json-worker.cjs', 'data']) fs.cpSync(path.join(ROOT, 'dist', f), path.join(pkg, 'dist', f), { recursive: true });
    for (const f of ['package.json', '.vscodeignore']) fs.copyFileSync(path.join(ROOT, f), path.join(pkg, f));
    const ran = spawnSync('bash', ['-euo', 'pipefail', '-c', step], { cwd: pkg, env: { ...process.env, out: path.join(pkg, 'out') }, encoding: 'utf8' });
    assert.equal(ran.status, 0, `${step}\n${ran.stderr}`);
    // What vsce would put in the vsix under dist/knowledge/: the rows, not the 43 MB of JSON.
    const listed = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: pkg, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const shippedKnowledge = listed.stdout.split('\n').filter((l) => l.startsWith('dist/knowledge/'));
    assert.equal(shippedKnowledge.length, 1, listed.stdout);
    assert.match(shippedKnowledge[0]!, /^dist\/knowledge\/[0-9a-f]{16}-[0-9a-f]{32}\.rows$/);
    assert.ok(listed.stdout.split('\n').includes('dist/options-json-worker.cjs'));
    // The server of that tree, in a folder with no options.json of its own: every option and package, nothing converted.
    const empty = path.join(dir, 'empty-folder');
    fs.mkdirSync(empty);
    const cache = path.join(dir, 'cache-vsix');
    const server = await startServer(empty, cache, path.join(pkg, 'dist', 'cli.cjs'));
    try {
      await until(() => server.states.length > 0, 30_000, 'the options.json state');
      const state = server.states[0]!;
      assert.equal(state.state, 'ready', state.detail);
      assert.match(state.detail, /dist\/knowledge\/[0-9a-f-]+\.rows \(rows built with it/);
      assert.equal(state.options, 20_000);
      assert.equal(state.packages, 120_000);
      assert.equal(fs.existsSync(path.join(cache, 'nix-humanity', 'knowledge')), false, 'nothing converted into the cache');
    } finally {
      await server.close();
    }
  });
});
