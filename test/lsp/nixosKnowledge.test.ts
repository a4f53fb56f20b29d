// The server's NixOS knowledge sources: the embedded layer at start, the workspace's own modules
// (refreshed as they change), an options.json, and the live evaluation, only in a trusted folder,
// through real Nix on the stand-in NixOS; each source's state in nixHumanity/knowledgeState.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KnowledgeStateParams } from '../../server/src/protocol/knowledge.js';
import { KNOWLEDGE_STATE } from '../../server/src/protocol/messages.js';
import { startSession, type Session } from './support.js';

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
    const state = await nextState(session, (p) => stateOf(p, 'workspace')?.state === 'ready' && stateOf(p, 'live') !== undefined);
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

  it('trusted: evaluates the system in the background with real Nix', async () => {
    fs.writeFileSync(path.join(dir, 'configuration.nix'), '{ ... }: { imports = [ ./myapp.nix ]; networking.hostName = "k"; }\n');
    process.env.NIX_PATH = `nixpkgs=${STANDIN_NIXPKGS}`;
    process.env.NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =';
    const session = await startSession({ trusted: true, rootUri: pathToFileURL(dir).href });
    const state = await nextState(session, (p) => ['ready', 'failed'].includes(stateOf(p, 'live')?.state ?? ''));
    assert.equal(stateOf(state, 'live')?.state, 'ready', stateOf(state, 'live')?.detail);
    assert.ok((stateOf(state, 'live')?.packages ?? 0) >= 5);
    assert.equal(session.server.nixos.option(['users', 'users', 'alice', 'shell'])?.source, 'live');
    assert.equal(session.server.nixos.package('standin-unfree')?.unfree, true);
    // The workspace's own declaration still wins over what the evaluation said of it.
    assert.equal(session.server.nixos.option(['services', 'myapp', 'enable'])?.source, 'workspace');
    session.close();

    // A second session starts from the disk cache.
    const again = await startSession({ trusted: true, rootUri: pathToFileURL(dir).href });
    const cached = await nextState(again, (p) => stateOf(p, 'live')?.state === 'ready');
    assert.match(stateOf(cached, 'live')!.detail, /from the cache/);
    again.close();
  });
});
