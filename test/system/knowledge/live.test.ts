// The live knowledge source through real Nix on the stand-in NixOS: the options tree walked into
// options (types, defaults, descriptions, `<name>` levels, a renamed and a removed option, a failing default),
// packages with licences, the disk cache, a flake host, a failure said once, and no evaluator
// left running after cancel, timeout or the process exiting. Also what the options tree holds
// beyond nixpkgs: the options of the user's own modules and of Home Manager's NixOS module
// (`home-manager.users.<name>.*`), as the checks in the editor then use them.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../../server/src/analysis/index.js';
import { complete } from '../../../server/src/ide/completion.js';
import { computeDiagnostics } from '../../../server/src/ide/diagnostics/index.js';
import { hover } from '../../../server/src/ide/hover.js';
import { embeddedKnowledge } from '../../../server/src/knowledge/builtins.js';
import { embeddedLayer } from '../../../server/src/knowledge/embedded.js';
import { layerSize } from '../../../server/src/knowledge/model.js';
import { NixosIndex } from '../../../server/src/knowledge/nixosIndex.js';
import { evaluateOptions } from '../../../server/src/system/liveKnowledge.js';
import { loadLiveLayer } from '../../../server/src/system/liveLayer.js';
import { Machine, NIX_ENV, NIXPKGS, requireNix, STANDIN } from '../runner/support.js';
import { expect } from '../../support/expect.js';

const channels = (nixosConfig?: string, nixpkgs = NIXPKGS) => ({ kind: 'channels' as const, includes: [`nixpkgs=${nixpkgs}`], ...(nixosConfig ? { nixosConfig } : {}) });

/** The stand-in Home Manager, as its channel: `<home-manager/nixos>` is its NixOS module. */
const HOME_MANAGER = path.join(STANDIN, 'home-manager');
/** A configuration importing a module of the user's own (myapp.nix) and `<home-manager/nixos>`. */
const OWN_MODULES = path.join(STANDIN, 'configurations', 'own-modules');

/** One line per option: kind (type text), default, example, description, the file declaring it (from STANDIN). */
function describeOption(index: NixosIndex, written: string): string {
  const o = index.option(written.split('.'));
  if (!o) return `${written}: unknown`;
  const declared = o.declarations.map((d) => path.relative(STANDIN, d)).join(',');
  return `${written}: ${o.type.kind} (${o.type.text}) default=${o.default ?? '-'} example=${o.example ?? '-'} "${o.description}" ${declared}`;
}

/** A file's diagnostics as `code text: message`, with the text each one underlines. */
function diagnosticsOf(src: string, index: NixosIndex): string {
  return computeDiagnostics(analyze(src), index)
    .map((d) => `${d.code} ${src.slice(d.start, d.end)}: ${d.message}`)
    .join('\n');
}

/** `nix-instantiate --eval --strict` of EXPR with the stand-in channels: stdout, or the error line. */
function evalStandin(expr: string): string {
  const r = spawnSync('nix-instantiate', ['--eval', '--strict', '-I', `nixpkgs=${NIXPKGS}`, '-I', `home-manager=${HOME_MANAGER}`, '-E', expr], { env: NIX_ENV, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : (r.stderr.split('\n').find((l) => /error:/.test(l)) ?? r.stderr).replace(/^\s*error: /, '');
}

/** A nixpkgs whose NixOS takes long to evaluate; its folder name is the marker to look for. */
function slowNixpkgs(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-slow-nixpkgs-'));
  fs.mkdirSync(path.join(dir, 'nixos'));
  fs.writeFileSync(path.join(dir, 'nixos', 'default.nix'), '{ ... }: { options = { x = builtins.foldl\' (a: b: a + b) 0 (builtins.genList (i: i) 100000000); }; }\n');
  return dir;
}

/** Processes whose command line mentions `marker` (the evaluator, if it were left behind). */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** The nix-instantiate processes among them. */
function evaluators(marker: string): number[] {
  return processesWith(marker).filter((pid) => {
    try {
      return path.basename(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!) === 'nix-instantiate';
    } catch {
      return false;
    }
  });
}

async function gone(marker: string): Promise<number[]> {
  const deadline = Date.now() + 5000;
  let left = processesWith(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = processesWith(marker);
  }
  return left;
}

describe('live knowledge (real Nix, stand-in NixOS)', function () {
  this.timeout(120_000);
  before(requireNix);
  let machine: Machine;
  before(() => (machine = new Machine('live-knowledge')));
  after(() => machine.remove());
  const write = (name: string, text: string) => {
    const file = path.join(machine.dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('walks the options tree and lists the packages', async () => {
    const config = write('live.nix', '{ ... }: { networking.hostName = "live"; }');
    const loaded = await loadLiveLayer({ target: channels(config), run: { env: NIX_ENV } });
    assert.equal(loaded.state.state, 'ready', loaded.state.detail);
    const index = new NixosIndex([loaded.layer!]);
    const show = (p: string) => {
      const o = index.option(p.split('.'));
      return o ? `${p}: ${o.type.kind} (${o.type.text}) default=${o.default ?? '-'} example=${o.example ?? '-'} "${o.description}" ${path.basename(o.declarations[0] ?? '')}` : `${p}: unknown`;
    };
    expect`
      services.openssh.enable: bool (boolean) default=false example=- "Whether to run the OpenSSH server." eval-config.nix
      services.openssh.ports: list (list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)) default=[ 22 ] example=- "The ports sshd listens on." eval-config.nix
      services.openssh.settings.PermitRootLogin: enum (one of "yes", "without-password", "prohibit-password", "forced-commands-only", "no") default="prohibit-password" example=- "Whether root may log in over SSH." eval-config.nix
      users.users.alice.shell: nullOr (null or package) default=pkgs.shadow example=- "The user's login shell." eval-config.nix
      users.users.<name>.extraGroups: list (list of string) default=[ ] example=[ "wheel" "networkmanager" ] "The groups the user belongs to besides their own." eval-config.nix
      standin.failingDefault: str (string) default=- example=- "An option whose default fails to evaluate (as some NixOS defaults do)." eval-config.nix
      services.sshd.enable: unknown
    `.assertEq(
      ['services.openssh.enable', 'services.openssh.ports', 'services.openssh.settings.PermitRootLogin', 'users.users.alice.shell', 'users.users.<name>.extraGroups', 'standin.failingDefault', 'services.sshd.enable']
        .map(show)
        .join('\n'),
    );
    assert.deepEqual(index.renamed(['services', 'sshd', 'enable'])?.to, ['services', 'openssh', 'enable']);
    // mkRemovedOptionModule: the instructions come from its assertion
    assert.deepEqual(index.renamed(['services', 'oldDaemon', 'enable']), { path: ['services', 'oldDaemon', 'enable'], removed: 'The old daemon was dropped; use services.openssh instead.', source: 'live' });
    assert.equal(index.option(['services', 'oldDaemon', 'enable']), undefined);
    expect`
      git 2.44.0 gpl2,mit free
      hello 2.12.1 gpl3Plus free
      htop 3.3.0 gpl2 free
      nano 7.2 gpl3Plus free
      standin-unfree 1.0 unfree UNFREE
    `.assertEq(
      [...index.packageNames()]
        .sort()
        .map((n) => index.package(n)!)
        .map((p) => `${p.attrPath} ${p.version} ${p.licenses.map((l) => l.shortName).join(',')} ${p.unfree ? 'UNFREE' : 'free'}`)
        .join('\n'),
    );
  });

  it('loads the second time from the disk cache', async () => {
    const cacheDir = path.join(machine.dir, 'cache');
    const config = write('cached.nix', '{ ... }: { }');
    const first = await loadLiveLayer({ target: channels(config), run: { env: NIX_ENV }, cacheDir });
    assert.equal(first.fromCache, false);
    assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.rows')).length, 1);
    assert.deepEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    const second = await loadLiveLayer({ target: channels(config), run: { env: NIX_ENV }, cacheDir });
    assert.equal(second.fromCache, true);
    assert.match(second.state.detail, /from the cache/);
    assert.deepEqual(layerSize(second.layer!), layerSize(first.layer!));
    assert.deepEqual(second.state.packages, first.state.packages);
    // What the cache gives back (also what the first load keeps: the rows it wrote, read back)
    // is what was evaluated (records, when there is no cache).
    const plain = await loadLiveLayer({ target: channels(config), run: { env: NIX_ENV } });
    assert.ok(plain.layer!.options!.length > 10);
    assert.deepEqual(layerSize(plain.layer!), layerSize(first.layer!));
    const [fresh, cached] = [new NixosIndex([plain.layer!]), new NixosIndex([second.layer!])];
    assert.equal(first.layer!.optionTable?.size, plain.layer!.options!.length);
    assert.deepEqual([...cached.packageNames()].sort(), [...fresh.packageNames()].sort());
    for (const name of fresh.packageNames()) assert.deepEqual(cached.package(name), fresh.package(name), name);
    for (const o of fresh.options()) assert.deepEqual(cached.option(o.path), o, o.path.join('.'));
    assert.deepEqual(cached.renamed(['services', 'sshd', 'enable']), fresh.renamed(['services', 'sshd', 'enable']));
    assert.deepEqual(cached.renamed(['services', 'oldDaemon', 'enable']), fresh.renamed(['services', 'oldDaemon', 'enable']));
    assert.deepEqual(cached.searchPackages('greeting').map((p) => p.attrPath), ['hello']);
    // The configuration is part of the key: a change evaluates again.
    fs.writeFileSync(config, '{ ... }: { networking.hostName = "changed"; }');
    const third = await loadLiveLayer({ target: channels(config), run: { env: NIX_ENV }, cacheDir });
    assert.equal(third.fromCache, false);
  });

  it('evaluates again after a channel update (the channel link points elsewhere)', async () => {
    const cacheDir = path.join(machine.dir, 'cache-channel');
    const config = write('channel.nix', '{ ... }: { }');
    // As on NixOS: nixpkgs=/nix/var/nix/profiles/per-user/root/channels/nixos, a link to the store.
    const [older, newer] = ['older', 'newer'].map((n) => {
      const copy = path.join(machine.dir, `nixpkgs-${n}`);
      fs.cpSync(NIXPKGS, copy, { recursive: true });
      return copy;
    });
    const link = path.join(machine.dir, 'channel-nixos');
    fs.symlinkSync(older!, link);
    const load = () => loadLiveLayer({ target: channels(config, link), run: { env: NIX_ENV }, cacheDir });
    assert.equal((await load()).fromCache, false);
    assert.equal((await load()).fromCache, true);
    fs.unlinkSync(link);
    fs.symlinkSync(newer!, link);
    assert.equal((await load()).fromCache, false, 'the update was seen');
  });

  it("evaluates again after an update of another channel the configuration imports (Home Manager's)", async () => {
    const cacheDir = path.join(machine.dir, 'cache-hm-channel');
    const config = write('hm-channel.nix', '{ ... }: { imports = [ <home-manager/nixos> ]; }');
    const [older, newer] = ['older', 'newer'].map((n) => {
      const copy = path.join(machine.dir, `home-manager-${n}`);
      fs.cpSync(HOME_MANAGER, copy, { recursive: true });
      return copy;
    });
    const link = path.join(machine.dir, 'channel-home-manager');
    fs.symlinkSync(older!, link);
    const target = { kind: 'channels' as const, includes: [`nixpkgs=${NIXPKGS}`, `home-manager=${link}`], nixosConfig: config };
    const load = () => loadLiveLayer({ target, run: { env: NIX_ENV }, cacheDir });
    const first = await load();
    assert.equal(first.fromCache, false);
    assert.equal(new NixosIndex([first.layer!]).option(['home-manager', 'users', 'alice', 'programs', 'git', 'enable'])?.type.kind, 'bool');
    assert.equal((await load()).fromCache, true);
    fs.unlinkSync(link);
    fs.symlinkSync(newer!, link);
    assert.equal((await load()).fromCache, false, 'the Home Manager update was seen');
  });

  it("evaluates again after an edit to a module of the user's own that the configuration imports", async () => {
    const cacheDir = path.join(machine.dir, 'cache-own-module');
    const folder = path.join(machine.dir, 'own-module-config');
    fs.mkdirSync(folder);
    const config = path.join(folder, 'configuration.nix');
    const module = path.join(folder, 'extra.nix');
    fs.writeFileSync(config, '{ ... }: { imports = [ ./extra.nix ]; }');
    fs.writeFileSync(module, '{ lib, ... }: { options.extra.one = lib.mkEnableOption "the first thing"; }');
    const load = () => loadLiveLayer({ target: channels(config), run: { env: NIX_ENV }, cacheDir });
    const first = await load();
    assert.equal(first.fromCache, false);
    assert.equal(new NixosIndex([first.layer!]).option(['extra', 'one'])?.type.kind, 'bool');
    assert.equal((await load()).fromCache, true);
    // configuration.nix unchanged: only the imported module says what changed.
    fs.writeFileSync(module, '{ lib, ... }: { options.extra.one = lib.mkEnableOption "the first thing"; options.extra.two = lib.mkEnableOption "the second thing"; }');
    const after = await load();
    assert.equal(after.fromCache, false, 'the module edit was seen');
    assert.equal(new NixosIndex([after.layer!]).option(['extra', 'two'])?.type.kind, 'bool');
  });

  it("reads a flake's nixosConfigurations.HOST", async () => {
    const dir = machine.flake();
    const loaded = await loadLiveLayer({ target: { kind: 'flake', ref: dir, dir, host: 'standin' }, run: { env: NIX_ENV } });
    assert.equal(loaded.state.state, 'ready', loaded.state.detail);
    assert.equal(new NixosIndex([loaded.layer!]).option(['services', 'openssh', 'enable'])?.type.kind, 'bool');
    const wrongHost = await loadLiveLayer({ target: { kind: 'flake', ref: dir, dir, host: 'nosuchhost' }, run: { env: NIX_ENV } });
    assert.equal(wrongHost.state.state, 'failed');
    assert.match(wrongHost.state.detail, /nosuchhost/);
  });

  it("sees the packages a flake host's nixpkgs.overlays add", async () => {
    // An overlay adds `greeter`: the host's own pkgs has it, plain nixpkgs does not.
    const overlay = `{ nixpkgs.overlays = [ (final: prev: { greeter = derivation { name = "greeter-0.3"; system = "x"; builder = "/bin/sh"; } // { pname = "greeter"; version = "0.3"; meta.description = "Says hello from an overlay"; }; }) ]; }`;
    const dir = machine.flake(overlay);
    const loaded = await loadLiveLayer({ target: { kind: 'flake', ref: dir, dir, host: 'standin' }, run: { env: NIX_ENV } });
    assert.equal(loaded.state.state, 'ready', loaded.state.detail);
    const index = new NixosIndex([embeddedLayer(), loaded.layer!]);
    assert.equal(index.completePackages, true, loaded.notes.join(" "));
    assert.equal(index.package('greeter')?.description, 'Says hello from an overlay');
    assert.equal(index.package('hello')?.version, '2.12.1');
    // As the editor sees it: no unknown-package for the overlay's package (a misspelt one still is),
    // and completion in a package list offers it.
    const src = '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ greeter greter ];\n}\n';
    const found = computeDiagnostics(analyze(src), index).filter((d) => d.code === 'unknown-package').map((d) => src.slice(d.start, d.end));
    assert.deepEqual(found, ['greter']);
    const at = src.indexOf('greter') + 3;
    const labels = complete(analyze(src), at, embeddedKnowledge(), index).map((e) => e.label);
    assert.ok(labels.includes('greeter'), labels.slice(0, 20).join(' '));
  });

  it("knows the options of the user's own modules and of Home Manager's NixOS module", async () => {
    const target = { kind: 'channels' as const, includes: [`nixpkgs=${NIXPKGS}`, `home-manager=${HOME_MANAGER}`], nixosConfig: path.join(OWN_MODULES, 'configuration.nix') };
    const loaded = await loadLiveLayer({ target, run: { env: NIX_ENV } });
    assert.equal(loaded.state.state, 'ready', loaded.state.detail);
    const index = new NixosIndex([loaded.layer!]);
    expect`
      myapp.enable: bool (boolean) default=false example=true "Whether to enable my app." configurations/own-modules/myapp.nix
      myapp.port: port (16 bit unsigned integer; between 0 and 65535 (both inclusive)) default=8080 example=8443 "The port my app listens on." configurations/own-modules/myapp.nix
      home-manager.useUserPackages: bool (boolean) default=false example=true "Whether to enable installing each user's home.packages through users.users.<name>.packages." home-manager/nixos
      home-manager.users: attrs (attribute set of (submodule)) default={ } example=- "Each user's Home Manager configuration." home-manager/nixos
      home-manager.users.<name>.programs.git.enable: bool (boolean) default=false example=true "Whether to enable Git." home-manager/modules/programs/git.nix
      home-manager.users.alice.programs.git.userName: nullOr (null or string) default=null example=- "The name Git writes into the user's commits." home-manager/modules/programs/git.nix
      home-manager.users.bob.programs.git.signing.format: enum (one of "openpgp", "ssh", "x509") default="openpgp" example=- "How commits are signed." home-manager/modules/programs/git.nix
      home-manager.users.alice.home.packages: list (list of package) default=[ ] example=[ pkgs.htop ] "Packages installed into the user's profile." home-manager/modules/home.nix
      home-manager.users.alice.home.stateVersion: str (string) default=- example=- "The Home Manager release whose defaults this configuration follows." home-manager/modules/home.nix
      home-manager.users.alice.programs.gti.enable: unknown
    `.assertEq(
      [
        'myapp.enable',
        'myapp.port',
        'home-manager.useUserPackages',
        'home-manager.users',
        'home-manager.users.<name>.programs.git.enable',
        'home-manager.users.alice.programs.git.userName',
        'home-manager.users.bob.programs.git.signing.format',
        'home-manager.users.alice.home.packages',
        'home-manager.users.alice.home.stateVersion',
        'home-manager.users.alice.programs.gti.enable',
      ]
        .map((p) => describeOption(index, p))
        .join('\n'),
    );
    // Below a user's name, as completion lists them.
    assert.deepEqual(index.children(['home-manager', 'users', 'alice']).map((c) => c.name).sort(), ['home', 'programs']);
    assert.deepEqual(index.children(['home-manager', 'users', 'alice', 'programs', 'git']).map((c) => c.name).sort(), ['enable', 'signing', 'userName']);
    // nixpkgs' own options are still there.
    assert.equal(index.option(['services', 'openssh', 'enable'])?.type.kind, 'bool');

    // What the editor then says of a configuration setting them; with the embedded knowledge
    // alone, none of it (Home Manager's options are not in it).
    const src = [
      '{ ... }:',
      '{',
      '  imports = [ ./myapp.nix <home-manager/nixos> ];',
      '  home-manager.users.alice.programs.git.enable = "yes";',
      '  home-manager.users.alice.programs.gti.enable = true;',
      '  home-manager.users.alice.programs.git.userName = "Alice";',
      '  myapp.port = "http";',
      '  myapp.enable = true;',
      '}',
      '',
    ].join('\n');
    expect`
      option-type "yes": \`home-manager.users.alice.programs.git.enable\` takes a boolean (\`true\` or \`false\`), not the string "yes". Write \`true\`.
      unknown-option gti: NixOS has no option \`home-manager.users.alice.programs.gti.enable\` (nothing named \`gti\` under \`home-manager.users.alice.programs\`). Did you mean \`home-manager.users.alice.programs.git.enable\`?
      option-type "http": \`myapp.port\` takes a port number (0 to 65535), not the string "http".
    `.assertEq(diagnosticsOf(src, new NixosIndex([embeddedLayer(), loaded.layer!])));
    assert.equal(diagnosticsOf(src, new NixosIndex([embeddedLayer()])), '');
    const at = src.indexOf('userName');
    const shown = hover(analyze(src), at, embeddedKnowledge(), new NixosIndex([embeddedLayer(), loaded.layer!]))?.markdown ?? '';
    assert.match(shown, /The name Git writes into the user's commits\./);
    assert.match(shown, /null or string/);
    assert.match(shown, /home-manager\/modules\/programs\/git\.nix/);
  });

  it("checks and defaults the values of options that modules declare, submodules included", () => {
    const system = `(import <nixpkgs/nixos> { configuration = ${JSON.stringify(path.join(OWN_MODULES, 'configuration.nix'))}; })`;
    // The user's module: a default, and its config switched on by its own option (mkIf on config).
    expect`
      { enable = true; port = 8080; }
      [ 8080 ]
    `.assertEq(evalStandin(`${system}.config.myapp`) + '\n' + evalStandin(`${system}.config.networking.firewall.allowedTCPPorts`));
    // Home Manager's: each user's configuration is evaluated with the submodule's defaults, and
    // its NixOS module's config reads it.
    // (bob's is a module of its own with `imports`, an option of its own, and a definition of it)
    expect`
      { enable = true; signing = { format = "openpgp"; }; userName = "alice"; }
      [ "git-2.44.0" ]
      { enable = true; signing = { format = "openpgp"; }; userName = "bob (nano)"; }
      [ "nano-7.2" ]
    `.assertEq(
      [
        `${system}.config.home-manager.users.alice.programs.git`,
        `map (p: p.name) ${system}.config.users.users.alice.packages`,
        `${system}.config.home-manager.users.bob.programs.git`,
        `map (p: p.name) ${system}.config.users.users.bob.packages`,
      ]
        .map(evalStandin)
        .join('\n'),
    );
    // Wrong values, unknown names and a missing value are NixOS's errors, named in full.
    const module = (text: string) => `(import <nixpkgs/nixos> { configuration = { imports = [ ${path.join(OWN_MODULES, 'myapp.nix')} <home-manager/nixos> ]; } // ${text}; })`;
    expect`
      A definition for option \`home-manager.users.alice.programs.git.enable' is not of type \`boolean'. Definition values:
      The option \`home-manager.users.alice.programs.gti.enable' does not exist. Definition values:
      The option \`home-manager.users.alice.home.stateVersion' is used but not defined.
      A definition for option \`myapp.port' is not of type \`16 bit unsigned integer; between 0 and 65535 (both inclusive)'. Definition values:
    `.assertEq(
      [
        `${module('{ home-manager.users.alice = { home.stateVersion = "24.05"; programs.git.enable = "yes"; }; }')}.system`,
        `${module('{ home-manager.users.alice = { home.stateVersion = "24.05"; programs.gti.enable = true; }; }')}.system`,
        `${module('{ home-manager.users.alice.programs.git.enable = true; }')}.system`,
        `${module('{ myapp.port = "http"; }')}.config.myapp.port`,
      ]
        .map((e) => evalStandin(`(${e}).drvPath or ${e}`))
        .join('\n'),
    );
  });

  it("knows a flake host's own modules and Home Manager module", async () => {
    const dir = machine.flake('{ imports = [ ./myapp.nix ./home-manager/nixos ]; home-manager.users.alice.home.stateVersion = "24.05"; }');
    fs.copyFileSync(path.join(OWN_MODULES, 'myapp.nix'), path.join(dir, 'myapp.nix'));
    fs.cpSync(HOME_MANAGER, path.join(dir, 'home-manager'), { recursive: true });
    spawnSync('git', ['add', '-A'], { cwd: dir });
    const loaded = await loadLiveLayer({ target: { kind: 'flake', ref: dir, dir, host: 'standin' }, run: { env: NIX_ENV } });
    assert.equal(loaded.state.state, 'ready', loaded.state.detail);
    const index = new NixosIndex([loaded.layer!]);
    // (declared in the flake's copy in the store)
    const declared = (p: string) => index.option(p.split('.'))?.declarations.map((d) => d.replace(/^\/nix\/store\/[^/]*-source\//, '')).join(',');
    assert.equal(declared('myapp.port'), 'myapp.nix');
    assert.equal(declared('home-manager.users.alice.programs.git.enable'), 'home-manager/modules/programs/git.nix');
    assert.equal(index.option(['home-manager', 'users', 'alice', 'programs', 'git', 'enable'])?.type.kind, 'bool');
  });

  it('says why it failed, once, and falls back', async () => {
    const loaded = await loadLiveLayer({ target: channels(undefined, path.join(machine.dir, 'no-such-nixpkgs')), run: { env: NIX_ENV } });
    assert.equal(loaded.state.state, 'failed');
    assert.match(loaded.state.detail, /^Nix failed evaluating the options: error: .*Using the other sources instead\.$/);
    assert.equal(loaded.layer, undefined);
    const missing = await evaluateOptions(channels(), { nixPath: '/nonexistent/bin/nix', env: NIX_ENV });
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.reason : '', /Could not run \/nonexistent\/bin\/nix-instantiate .*is Nix installed/);
  });

  it('leaves no evaluator behind after a cancel', async () => {
    const slow = slowNixpkgs();
    const controller = new AbortController();
    const running = evaluateOptions(channels(undefined, slow), { env: NIX_ENV, signal: controller.signal });
    // (its start under the watchdog took over 400 ms at a load of 16: waited for, not assumed)
    const deadline = Date.now() + 20_000;
    while (evaluators(slow).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(evaluators(slow).length > 0, 'the evaluator was running');
    controller.abort();
    const result = await running;
    assert.equal(!result.ok && result.cancelled, true);
    assert.deepEqual(await gone(slow), []);
  });

  it('stops at the time limit', async () => {
    const slow = slowNixpkgs();
    const result = await evaluateOptions(channels(undefined, slow), { env: NIX_ENV, timeoutMs: 500 });
    assert.match(!result.ok ? result.reason : '', /after 1 s \(the time limit\)|after 0 s/);
    assert.deepEqual(await gone(slow), []);
  });

  it('leaves no evaluator behind when the process using it is killed (SIGKILL)', async () => {
    const slow = slowNixpkgs();
    const script = `
      import { evaluateOptions } from ${JSON.stringify(path.resolve('server/src/system/liveKnowledge.ts'))};
      void evaluateOptions({ kind: 'channels', includes: [${JSON.stringify(`nixpkgs=${slow}`)}] }, {});
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: NIX_ENV, stdio: 'ignore' });
    const deadline = Date.now() + 20_000;
    while (evaluators(slow).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(evaluators(slow).length > 0, 'the evaluator was running');
    child.kill('SIGKILL');
    assert.deepEqual(await gone(slow), []);
  });

  it('leaves no evaluator behind when the process using it exits', async () => {
    const slow = slowNixpkgs();
    const script = `
      import { evaluateOptions } from ${JSON.stringify(path.resolve('server/src/system/liveKnowledge.ts'))};
      void evaluateOptions({ kind: 'channels', includes: [${JSON.stringify(`nixpkgs=${slow}`)}] }, {});
      import { readdirSync, readFileSync } from 'node:fs';
      setTimeout(() => {
        const running = readdirSync('/proc').some((p) => { try { return readFileSync('/proc/' + p + '/cmdline', 'utf8').includes(${JSON.stringify(slow)}) && !readFileSync('/proc/' + p + '/cmdline', 'utf8').includes('--input-type'); } catch { return false; } });
        console.log(running ? 'running' : 'not running');
        process.exit(0);
      }, 600);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: NIX_ENV, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /running/, 'the evaluator was running when the process exited');
    assert.deepEqual(await gone(slow), []);
  });
});
