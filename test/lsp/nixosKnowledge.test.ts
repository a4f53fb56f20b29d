// The server's NixOS knowledge sources: the embedded layer at start, the workspace's own modules
// (refreshed as they change), an options.json, and the live evaluation, only in a trusted folder,
// through real Nix on the stand-in NixOS; each source's state in nixHumanity/knowledgeState, and
// the live evaluation's `$/progress` (created, begin, steps, end; cancel; a failure said once).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KnowledgeStateParams } from '../../server/src/protocol/knowledge.js';
import { KNOWLEDGE_STATE } from '../../server/src/protocol/messages.js';
import { expect } from '../support/expect.js';
import { startSession, type Session } from './support.js';

/** What the client saw of `$/progress`: each token's creation, then its begin/report/end values. */
interface ProgressLog {
  created: string[];
  events: Array<{ token: string; kind: string; title?: string; message?: string; cancellable?: boolean }>;
  /** Resolves when `test` holds of the events (now or later). */
  until(test: (events: ProgressLog['events']) => boolean, ms?: number): Promise<void>;
  /** Every nixHumanity/knowledgeState the client got (the status item's input), from the start. */
  states: KnowledgeStateParams[];
}

/** A session whose client supports work-done progress, recording it. */
async function progressSession(options: Parameters<typeof startSession>[0]): Promise<{ session: Session; progress: ProgressLog }> {
  const session = await startSession({ ...options, capabilities: { window: { workDoneProgress: true } } });
  const waiters: Array<{ test: (e: ProgressLog['events']) => boolean; resolve: () => void }> = [];
  const progress: ProgressLog = {
    created: [],
    events: [],
    states: [],
    until(test, ms = 60_000) {
      if (test(progress.events)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`progress not seen; got ${JSON.stringify(progress.events)}`)), ms);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
  session.client.onRequest('window/workDoneProgress/create', (p: { token: string }) => {
    progress.created.push(String(p.token));
    return null;
  });
  const check = () => {
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!.test(progress.events)) waiters.splice(i, 1)[0]!.resolve();
  };
  session.client.onNotification('$/progress', (p: { token: string; value: { kind: string; title?: string; message?: string; cancellable?: boolean } }) => {
    progress.events.push({ token: String(p.token), ...p.value });
    check();
  });
  // (one handler per method: this one records, and `until` waits on states too)
  session.client.onNotification(KNOWLEDGE_STATE, (p) => {
    progress.states.push(p);
    check();
  });
  return { session, progress };
}

const STANDIN_NIXPKGS = path.resolve(import.meta.dirname, '../../test-fixtures/nixos-standin/nixpkgs');

/** Resolves with the first knowledge state (from now on) for which `test` holds. */
function nextState(session: Session, test: (p: KnowledgeStateParams) => boolean, ms = 60_000): Promise<KnowledgeStateParams> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such knowledge state')), ms);
    const disposable = session.client.onNotification(KNOWLEDGE_STATE, (p) => {
      if (!test(p)) return;
      clearTimeout(timer);
      disposable.dispose();
      resolve(p);
    });
  });
}
const stateOf = (p: KnowledgeStateParams, source: string) => p.sources.find((s) => s.source === source);

describe('NixOS knowledge sources in the server', function () {
  this.timeout(90_000);
  let dir: string;
  const saved = { NIX_PATH: process.env.NIX_PATH, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, NIX_CONFIG: process.env.NIX_CONFIG };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-knowledge-'));
    fs.writeFileSync(path.join(dir, 'myapp.nix'), '{ lib, ... }: { options.services.myapp.enable = lib.mkEnableOption "my app"; }\n');
    process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('untrusted: embedded and workspace modules, no evaluation', async () => {
    const session = await startSession({ rootUri: pathToFileURL(dir).href });
    // (the embedded layer waits for the first diagnostics or a reader; with nothing open, a second)
    const state = await nextState(session, (p) => stateOf(p, 'workspace')?.state === 'ready' && stateOf(p, 'live') !== undefined && stateOf(p, 'embedded') !== undefined);
    assert.equal(stateOf(state, 'embedded')?.state, 'ready');
    assert.equal(stateOf(state, 'live')?.state, 'off');
    assert.match(stateOf(state, 'live')!.detail, /trusted workspace/);
    assert.equal(session.server.nixos.option(['services', 'myapp', 'enable'])?.source, 'workspace');
    assert.ok(session.logs.some((l) => /NixOS knowledge, live: off/.test(l)));

    // An edit of a module (not yet saved) is seen after a moment.
    const uri = pathToFileURL(path.join(dir, 'myapp.nix')).href;
    await session.open(uri, '{ lib, ... }: { options.services.myapp.port = lib.mkOption { type = lib.types.port; }; }\n');
    for (let i = 0; i < 100 && !session.server.nixos.option(['services', 'myapp', 'port']); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(session.server.nixos.option(['services', 'myapp', 'port'])?.type.kind, 'port');
    session.close();
  });

  it('reads an options.json from the setting, and says when it cannot', async () => {
    const file = path.join(dir, 'options.json');
    fs.writeFileSync(file, JSON.stringify({ 'services.fromfile.enable': { type: 'boolean', description: 'From a file.', declarations: [], loc: ['services', 'fromfile', 'enable'] } }));
    const session = await startSession({ rootUri: pathToFileURL(dir).href, settings: { knowledge: { optionsJson: file } } });
    const state = await nextState(session, (p) => stateOf(p, 'options.json')?.state === 'ready' && stateOf(p, 'live') !== undefined);
    assert.equal(stateOf(state, 'options.json')?.options, 1);
    assert.equal(session.server.nixos.option(['services', 'fromfile', 'enable'])?.source, 'options.json');
    session.close();

    const broken = await startSession({ rootUri: pathToFileURL(dir).href, settings: { knowledge: { optionsJson: path.join(dir, 'missing.json') } } });
    const failed = await nextState(broken, (p) => stateOf(p, 'options.json')?.state === 'failed');
    assert.match(stateOf(failed, 'options.json')!.detail, /Could not read .*missing\.json \(ENOENT\)/);
    broken.close();
  });

  it('trusted: the live evaluation reports $/progress (begin, each step, end) and its state', async () => {
    fs.writeFileSync(path.join(dir, 'configuration.nix'), '{ ... }: { networking.hostName = "p"; }\n');
    process.env.NIX_PATH = `nixpkgs=${STANDIN_NIXPKGS}`;
    process.env.NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =';
    const { session, progress } = await progressSession({ trusted: true, rootUri: pathToFileURL(dir).href });
    const live = () => progress.states.map((p) => stateOf(p, 'live')?.state ?? '-');
    await progress.until((e) => e.some((x) => x.kind === 'end') && live().includes('ready'));
    // one token, created by the server before it was used; begin, the two steps, end
    assert.equal(progress.created.length, 1);
    assert.ok(progress.events.every((e) => e.token === progress.created[0]));
    expect`
      begin NixOS options: Reading your system (cancellable)
      report Evaluating the options of <nixpkgs/nixos> with CONFIG
      report Listing the packages of <nixpkgs/nixos> with CONFIG
      end
    `.assertEq(
      progress.events
        .map((e) => [e.kind, e.title && `${e.title}:`, e.message?.replace(path.join(dir, 'configuration.nix'), 'CONFIG'), e.cancellable ? '(cancellable)' : ''].filter(Boolean).join(' '))
        .join('\n'),
    );
    // the status item's notification went loading, then ready
    assert.deepEqual(live().filter((s, i, all) => s !== all[i - 1] && s !== '-'), ['loading', 'ready']);
    assert.ok((stateOf(progress.states.at(-1)!, 'live')?.options ?? 0) > 10);
    session.close();
  });

  it('trusted: a failed evaluation says why once, ends its progress, and keeps the other sources', async () => {
    fs.writeFileSync(path.join(dir, 'configuration.nix'), '{ ... }: { }\n');
    process.env.NIX_PATH = `nixpkgs=${path.join(dir, 'no-such-nixpkgs')}`;
    process.env.NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =';
    const { session, progress } = await progressSession({ trusted: true, rootUri: pathToFileURL(dir).href });
    await progress.until(() => progress.states.some((p) => stateOf(p, 'live')?.state === 'failed'));
    const state = progress.states.find((p) => stateOf(p, 'live')?.state === 'failed')!;
    assert.match(stateOf(state, 'live')!.detail, /^Nix failed evaluating the options: error: .*nixpkgs.*Using the other sources instead\.$/);
    await progress.until((e) => e.some((x) => x.kind === 'end'));
    assert.deepEqual(progress.events.map((e) => e.kind), ['begin', 'report', 'end']);
    // a workspace change re-reads the modules, not the failed evaluation: still said once
    fs.writeFileSync(path.join(dir, 'other.nix'), '{ lib, ... }: { options.services.other.enable = lib.mkEnableOption "other"; }\n');
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'other.nix')).href, type: 1 }] });
    for (let i = 0; i < 100 && !session.server.nixos.option(['services', 'other', 'enable']); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(session.server.nixos.option(['services', 'other', 'enable'])?.source, 'workspace');
    assert.equal(session.logs.filter((l) => /NixOS knowledge, live: failed/.test(l)).length, 1, session.logs.join('\n'));
    // (the embedded layer was read when the index above was first read: nothing is open)
    await progress.until(() => progress.states.some((p) => stateOf(p, 'embedded')?.state === 'ready'));
    assert.equal(stateOf(progress.states.at(-1)!, 'live')?.state, 'failed');
    assert.ok(session.server.nixos.option(['services', 'openssh', 'enable']));
    session.close();
  });

  it('trusted: the progress cancel button stops the evaluation', async () => {
    // a nixpkgs whose NixOS takes long to evaluate
    const slow = path.join(dir, 'slow-nixpkgs');
    fs.mkdirSync(path.join(slow, 'nixos'), { recursive: true });
    fs.writeFileSync(path.join(slow, 'nixos', 'default.nix'), "{ ... }: { options = { x = builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 100000000); }; }\n");
    fs.writeFileSync(path.join(dir, 'configuration.nix'), '{ ... }: { }\n');
    process.env.NIX_PATH = `nixpkgs=${slow}`;
    const { session, progress } = await progressSession({ trusted: true, rootUri: pathToFileURL(dir).href });
    await progress.until((e) => e.some((x) => x.kind === 'report'));
    await session.client.sendNotification('window/workDoneProgress/cancel', { token: progress.created[0] });
    await progress.until(() => progress.states.some((p) => stateOf(p, 'live')?.state === 'off'), 20_000);
    assert.equal(stateOf(progress.states.at(-1)!, 'live')!.detail, 'Stopped.');
    await progress.until((e) => e.some((x) => x.kind === 'end'));
    session.close();
  });

  it('trusted: evaluates the system in the background with real Nix', async () => {
    fs.writeFileSync(path.join(dir, 'configuration.nix'), '{ ... }: { imports = [ ./myapp.nix <home-manager/nixos> ]; networking.hostName = "k"; }\n');
    // (Home Manager's NixOS module from its channel, as people import it)
    process.env.NIX_PATH = `nixpkgs=${STANDIN_NIXPKGS}:home-manager=${path.join(STANDIN_NIXPKGS, '..', 'home-manager')}`;
    process.env.NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =';
    const session = await startSession({ trusted: true, rootUri: pathToFileURL(dir).href });
    const state = await nextState(session, (p) => ['ready', 'failed'].includes(stateOf(p, 'live')?.state ?? ''));
    assert.equal(stateOf(state, 'live')?.state, 'ready', stateOf(state, 'live')?.detail);
    assert.ok((stateOf(state, 'live')?.packages ?? 0) >= 5);
    assert.equal(session.server.nixos.option(['users', 'users', 'alice', 'shell'])?.source, 'live');
    assert.equal(session.server.nixos.package('standin-unfree')?.unfree, true);
    // The workspace's own declaration still wins over what the evaluation said of it.
    assert.equal(session.server.nixos.option(['services', 'myapp', 'enable'])?.source, 'workspace');
    // Options declared outside the workspace come from the evaluation only: Home Manager's.
    assert.equal(session.server.nixos.option(['home-manager', 'users', 'alice', 'programs', 'git', 'enable'])?.source, 'live');
    session.close();

    // A second session starts from the disk cache.
    const again = await startSession({ trusted: true, rootUri: pathToFileURL(dir).href });
    const cached = await nextState(again, (p) => stateOf(p, 'live')?.state === 'ready');
    assert.match(stateOf(cached, 'live')!.detail, /from the cache/);
    again.close();
  });
});
