// What the live knowledge's cache key sees beyond the configuration's folder, through real Nix on
// the stand-in NixOS: a module imported by literal path from elsewhere (followed from file to
// file), and the search path set in nix.conf (`nix-path`) rather than `-I` or `NIX_PATH`. Each
// evaluates again after a change that the key before 2026-12-07 did not see.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NixosIndex } from '../../../server/src/knowledge/nixosIndex.js';
import { searchPathOf } from '../../../server/src/system/liveKnowledge.js';
import { loadLiveLayer } from '../../../server/src/system/liveLayer.js';
import { Machine, NIX_ENV, NIXPKGS, requireNix, STANDIN } from '../runner/support.js';

const HOME_MANAGER = path.join(STANDIN, 'home-manager');

describe('the live cache key beyond the configuration folder (real Nix)', function () {
  this.timeout(120_000);
  before(requireNix);
  let machine: Machine;
  before(() => (machine = new Machine('live-key')));
  after(() => machine.remove());

  const put = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    // (a size change alone would do; a later mtime makes sure an equal-length edit is seen too)
    const later = new Date(Date.now() + 2000 * Math.random());
    fs.utimesSync(file, later, later);
  };
  const option = (name: string, what: string) => `{ lib, ... }: { options.${name} = lib.mkEnableOption "${what}"; }`;

  it('evaluates again after an edit to a module imported from outside the folder (relative, absolute, nested)', async () => {
    const cacheDir = path.join(machine.dir, 'cache-outside');
    const folder = path.join(machine.dir, 'etc-nixos');
    const shared = path.join(machine.dir, 'nixos-shared');
    const config = path.join(folder, 'configuration.nix');
    // configuration.nix -> ../hardware.nix (relative) and SHARED/common.nix (absolute) -> ./deeper.nix
    put(config, `{ ... }: { imports = [ ../hardware.nix ${shared}/common.nix ]; }`);
    put(path.join(machine.dir, 'hardware.nix'), option('hw.one', 'the disk'));
    put(path.join(shared, 'common.nix'), `{ ... }: { imports = [ ./deeper.nix ]; }`);
    put(path.join(shared, 'deeper.nix'), option('deep.one', 'the first deep thing'));
    const load = () => loadLiveLayer({ target: { kind: 'channels', includes: [`nixpkgs=${NIXPKGS}`], nixosConfig: config }, run: { env: NIX_ENV }, cacheDir });
    const first = await load();
    assert.equal(first.state.state, 'ready', first.state.detail);
    assert.equal(first.fromCache, false);
    assert.equal(new NixosIndex([first.layer!]).option(['deep', 'one'])?.type.kind, 'bool');
    assert.equal((await load()).fromCache, true);

    // Two imports deep, outside the folder; configuration.nix and everything under its folder unchanged.
    put(path.join(shared, 'deeper.nix'), `{ lib, ... }: { options.deep.one = lib.mkEnableOption "the first deep thing"; options.deep.two = lib.mkEnableOption "the second"; }`);
    const afterDeep = await load();
    assert.equal(afterDeep.fromCache, false, 'the edit two imports away was seen');
    assert.equal(new NixosIndex([afterDeep.layer!]).option(['deep', 'two'])?.type.kind, 'bool');
    assert.equal((await load()).fromCache, true);

    // The folder's sibling, named `../hardware.nix`.
    put(path.join(machine.dir, 'hardware.nix'), `{ lib, ... }: { options.hw.one = lib.mkEnableOption "the disk"; options.hw.two = lib.mkEnableOption "the fan"; }`);
    const afterHw = await load();
    assert.equal(afterHw.fromCache, false, 'the edit to ../hardware.nix was seen');
    assert.equal(new NixosIndex([afterHw.layer!]).option(['hw', 'two'])?.type.kind, 'bool');
  });

  it("evaluates again after an edit to a module a flake's host imports from outside the flake", async () => {
    const cacheDir = path.join(machine.dir, 'cache-flake-outside');
    const outside = path.join(machine.dir, 'flake-shared', 'extra.nix');
    put(outside, option('extra.one', 'the first'));
    const dir = machine.flake(`{ imports = [ ${outside} ]; }`);
    const load = () => loadLiveLayer({ target: { kind: 'flake', ref: dir, dir, host: 'standin' }, run: { env: NIX_ENV }, cacheDir });
    const first = await load();
    assert.equal(first.state.state, 'ready', first.state.detail);
    assert.equal(new NixosIndex([first.layer!]).option(['extra', 'one'])?.type.kind, 'bool');
    assert.equal((await load()).fromCache, true);
    put(outside, `{ lib, ... }: { options.extra.one = lib.mkEnableOption "the first"; options.extra.two = lib.mkEnableOption "the second"; }`);
    const after = await load();
    assert.equal(after.fromCache, false, 'the edit outside the flake was seen');
    assert.equal(new NixosIndex([after.layer!]).option(['extra', 'two'])?.type.kind, 'bool');
  });

  it("evaluates again after an update of a channel that nix.conf's nix-path names", async () => {
    const cacheDir = path.join(machine.dir, 'cache-nix-conf');
    const config = path.join(machine.dir, 'nix-conf-config', 'configuration.nix');
    put(config, '{ ... }: { imports = [ <home-manager/nixos> ]; }');
    const [older, newer] = ['older', 'newer'].map((n) => {
      const copy = path.join(machine.dir, `conf-home-manager-${n}`);
      fs.cpSync(HOME_MANAGER, copy, { recursive: true });
      return copy;
    });
    const link = path.join(machine.dir, 'conf-channel-home-manager');
    fs.symlinkSync(older!, link);
    // Home Manager is found through $XDG_CONFIG_HOME/nix/nix.conf only: not -I, not NIX_PATH.
    const xdg = path.join(machine.dir, 'xdg-config');
    put(path.join(xdg, 'nix', 'nix.conf'), `nix-path = home-manager=${link}\n`);
    const env = { ...NIX_ENV, XDG_CONFIG_HOME: xdg, NIX_PATH: '' };
    const target = { kind: 'channels' as const, includes: [`nixpkgs=${NIXPKGS}`], nixosConfig: config };
    const load = () => loadLiveLayer({ target, run: { env }, cacheDir });
    const first = await load();
    assert.equal(first.state.state, 'ready', first.state.detail);
    assert.equal(new NixosIndex([first.layer!]).option(['home-manager', 'users', 'alice', 'programs', 'git', 'enable'])?.type.kind, 'bool');
    assert.equal((await load()).fromCache, true);
    fs.unlinkSync(link);
    fs.symlinkSync(newer!, link);
    assert.equal((await load()).fromCache, false, "the update of nix.conf's channel was seen");
    assert.equal((await load()).fromCache, true);
    // NIX_CONFIG's extra-nix-path is part of the search path Nix reports, after the -I entries.
    const found = await searchPathOf(target, { env: { ...env, NIX_CONFIG: `${NIX_ENV.NIX_CONFIG}\nextra-nix-path = extra=${machine.dir}` } });
    assert.deepEqual(
      found?.entries.map((e) => `${e.prefix}=${e.path}`),
      [`nixpkgs=${NIXPKGS}`, `home-manager=${link}`, `extra=${machine.dir}`],
    );
  });
});
