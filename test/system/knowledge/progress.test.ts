// `$/progress` of the knowledge sources as a client sees it on the wire: the built server as its
// own process over stdio, a client that supports work-done progress and accepts
// `window/workDoneProgress/create`. The live evaluation (real Nix, the stand-in NixOS) and the
// first read of an options.json (on the worker thread) each create a token, then begin, report
// (the live steps) and end; a later start from the cache shows none.
// Needs `npm run build` (dist/cli.cjs and dist/options-json-worker.cjs).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, InitializedNotification, InitializeRequest, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { KnowledgeStateParams } from '../../../server/src/protocol/knowledge.js';
import { KNOWLEDGE_STATE } from '../../../server/src/protocol/messages.js';
import { NIX_ENV, NIXPKGS, requireNix } from '../runner/support.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

interface Seen {
  created: string[];
  /** `$/progress` as `kind title: message` lines, with the token's index among those created. */
  events: string[];
  states: KnowledgeStateParams[];
}

/** Runs the built server in `folder` until `done(seen)` holds, then ends it and waits for it to go. */
async function session(folder: string, env: NodeJS.ProcessEnv, trusted: boolean, done: (seen: Seen) => boolean): Promise<Seen> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.cjs'), 'lsp', '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const seen: Seen = { created: [], events: [], states: [] };
  let check = () => undefined as void;
  connection.onRequest('workspace/configuration', () => []);
  connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
    seen.created.push(String(p.token));
    return null;
  });
  connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string; title?: string; message?: string } }) => {
    const { kind, title, message } = p.value;
    seen.events.push(`${seen.created.indexOf(String(p.token))} ${kind}${title ? ` ${title}:` : ''}${message ? ` ${message}` : ''}`);
    check();
  });
  connection.onNotification(KNOWLEDGE_STATE, (p: KnowledgeStateParams) => {
    seen.states.push(p);
    check();
  });
  connection.listen();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; saw ${JSON.stringify(seen.events)}`)), 90_000);
      check = () => {
        if (!done(seen)) return;
        clearTimeout(timer);
        resolve();
      };
      void (async () => {
        await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: pathToFileURL(folder).href, capabilities: { window: { workDoneProgress: true } }, initializationOptions: { trusted } });
        await connection.sendNotification(InitializedNotification.type, {});
      })().catch(reject);
    });
    return seen;
  } finally {
    connection.dispose();
    child.kill();
    await exited;
  }
}

const stateOf = (seen: Seen, source: string) => seen.states.map((p) => p.sources.find((s) => s.source === source)).filter((s) => s !== undefined);
const ended = (seen: Seen, token: number) => seen.events.includes(`${token} end`);

describe('$/progress of the knowledge sources (the built server, over stdio)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'options-json-worker.cjs'))) throw new Error('Run `npm run build` first: dist/options-json-worker.cjs is missing.');
  });
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-knowledge-progress-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the first read of an options.json: begin and end around it, none from the cache', async () => {
    const docs = path.join(dir, 'ws', 'result', 'share', 'doc', 'nixos');
    fs.mkdirSync(docs, { recursive: true });
    fs.writeFileSync(path.join(docs, 'options.json'), JSON.stringify({ 'services.fromfile.enable': { type: 'boolean', description: 'From a file.', declarations: [], loc: ['services', 'fromfile', 'enable'] } }));
    const env = { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache') };
    const fileReady = (seen: Seen) => stateOf(seen, 'options.json').some((s) => s.state === 'ready');
    const first = await session(path.join(dir, 'ws'), env, false, (seen) => fileReady(seen) && ended(seen, 0));
    assert.deepEqual(first.events, ['0 begin NixOS options: Reading options.json into the knowledge cache (once)', '0 end']);
    assert.equal(first.created.length, 1);
    assert.deepEqual([...new Set(stateOf(first, 'options.json').map((s) => s.state))], ['loading', 'ready']);
    // From the cache: ready at once, nothing to show as in progress.
    const next = await session(path.join(dir, 'ws'), env, false, fileReady);
    assert.deepEqual(next.events, []);
    assert.match(stateOf(next, 'options.json').at(-1)!.detail, /from the cache/);
  });

  it('the live evaluation: begin, a report per step, end, on one token the client created', async function () {
    requireNix();
    fs.writeFileSync(path.join(dir, 'configuration.nix'), '{ ... }: { networking.hostName = "progress"; }\n');
    const env = { ...NIX_ENV, NIX_PATH: `nixpkgs=${NIXPKGS}`, XDG_CACHE_HOME: path.join(dir, 'cache') };
    const liveReady = (seen: Seen) => stateOf(seen, 'live').some((s) => s.state === 'ready');
    const seen = await session(dir, env, true, (s) => liveReady(s) && s.events.some((e) => e.endsWith(' end')));
    const config = path.join(dir, 'configuration.nix');
    assert.deepEqual(
      seen.events.map((e) => e.replace(config, 'CONFIG')),
      ['0 begin NixOS options: Reading your system', '0 report Evaluating the options of <nixpkgs/nixos> with CONFIG', '0 report Listing the packages of <nixpkgs/nixos> with CONFIG', '0 end'],
    );
    assert.equal(seen.created.length, 1);
    assert.ok((stateOf(seen, 'live').at(-1)!.options ?? 0) > 10);
    // A restart finds it in the cache: no evaluation, and its progress ends at once.
    const again = await session(dir, env, true, (s) => liveReady(s) && s.events.some((e) => e.endsWith(' end')));
    assert.match(stateOf(again, 'live').at(-1)!.detail, /from the cache/);
    assert.deepEqual(again.events.filter((e) => / report /.test(e)), []);
  });
});
