// Error output -> diagnostics with fixes, driven by the cases in cases.ts. Plain-Nix errors are
// produced by running real Nix on the fixtures; module-system texts are the exact NixOS texts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SystemDiagnostic } from '../../../server/src/protocol/diagnostics';
import { CASES, type ErrorCase, type ExpectedDiagnostic } from './cases';
import { NixosIndex } from '../../../server/src/knowledge/nixosIndex.js';
import { requireTool } from '../../support/tools';
import { applyEdits, diagnose, FIXTURES, NIX_ENV, nixAccepts, readFileOrUndefined, runNix, splitStderr } from './support';

function outputOf(c: ErrorCase, ws: string) {
  const o = c.output;
  if ('nix' in o) {
    const captured = runNix(o.nix, ws);
    assert.notEqual(captured.exitCode, 0, `${o.nix.join(' ')} was expected to fail`);
    return captured;
  }
  if ('text' in o) return splitStderr(o.text.replaceAll('${WS}', ws));
  return { messages: o.messages, plainText: '', buildLogs: {} };
}

function describeAll(ds: SystemDiagnostic[]): string {
  return ds.map((d) => `${path.basename(d.file)}:${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`).join('\n');
}

function check(d: SystemDiagnostic | undefined, e: ExpectedDiagnostic, ws: string, all: SystemDiagnostic[]) {
  assert.ok(d, `no ${e.code} diagnostic on ${e.file}:${e.line}; got:\n${describeAll(all)}`);
  assert.match(d.message, e.message);
  if (e.character !== undefined) assert.equal(d.range.start.character, e.character, 'start character');
  if (e.endCharacter !== undefined) assert.equal(d.range.end.character, e.endCharacter, 'end character');
  assert.equal(d.severity, e.severity ?? 'error');
  assert.match(d.message, /[.?`]$|\n/, 'messages are sentences');
  if (!e.fix) return;
  const fix = d.fixes?.find((f) => e.fix!.title.test(f.title));
  assert.ok(fix, `no fix matching ${e.fix.title}; fixes: ${d.fixes?.map((f) => f.title).join(', ')}`);
  if (e.fix.command) assert.deepEqual(fix.command, e.fix.command.map((a) => a.replaceAll('${WS}', ws)));
  const target = path.join(ws, e.fix.file ?? e.file);
  if (e.fix.result !== undefined || e.fix.nixAccepts) {
    assert.ok(fix.edits?.length, 'the fix has edits');
    const fixed = applyEdits(fs.readFileSync(target, 'utf8'), target, fix.edits!);
    if (e.fix.result !== undefined) assert.equal(fixed, e.fix.result);
    if (e.fix.nixAccepts) {
      // Check the fixed text with Nix itself, in a copy of the workspace.
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-fix-'));
      fs.cpSync(ws, copy, { recursive: true });
      const file = path.join(copy, path.relative(ws, target));
      fs.writeFileSync(file, fixed);
      const verdict = nixAccepts(file, e.fix.nixAccepts === 'eval');
      fs.rmSync(copy, { recursive: true, force: true });
      assert.ok(verdict.ok, `Nix rejects the fixed file:\n${fixed}\n${verdict.stderr}`);
    }
  }
}

/** A NixOS index that knows only these packages. */
function packageIndex(names: string[]): NixosIndex {
  return new NixosIndex([{ source: 'embedded', packages: names.map((n) => ({ attrPath: n, name: n, licenses: [], unfree: false, source: 'embedded' as const })) }]);
}

describe('system errors: Nix output to diagnostics with fixes', function () {
  this.timeout(120_000);
  for (const c of CASES) {
    it(c.name, function () {
      const ws = path.join(FIXTURES, c.workspace);
      const captured = outputOf(c, ws);
      const diagnostics = diagnose(captured, ws, {
        ...(c.knownOptions ? { knownOptions: c.knownOptions } : {}),
        ...(c.packages ? { nixos: packageIndex(c.packages) } : {}),
        ...(c.configurationFile ? { configurationFile: path.join(ws, c.configurationFile) } : {}),
      });
      assert.equal(diagnostics.length, c.expect.length, `expected ${c.expect.length} diagnostics, got:\n${describeAll(diagnostics)}`);
      for (const e of c.expect) {
        const d = diagnostics.find((x) => x.code === e.code && x.file === path.join(ws, e.file) && x.range.start.line === e.line && e.message.test(x.message));
        check(d ?? diagnostics.find((x) => x.code === e.code && x.file === path.join(ws, e.file)), e, ws, diagnostics);
        assert.equal(d?.range.start.line, e.line, 'line');
      }
    });
  }

  it('the allowUnfreePredicate fix allows exactly that package (checked by evaluating it)', function () {
    const ws = path.join(FIXTURES, 'packages');
    const ds = diagnose(splitStderr("error: Package ‘steam-1.0.0.78’ in /nix/store/9x7wqx6n7xphn2b0w3q3r8a4lyzl5cz7-nixpkgs/steam.nix:46 has an unfree license (‘unfreeRedistributable’), refusing to evaluate.\n"), ws);
    const fix = ds[0]?.fixes?.find((f) => /Allow the unfree package 'steam'/.test(f.title));
    assert.ok(fix?.edits?.[0]);
    const predicate = /allowUnfreePredicate = (.*);$/.exec(fix.edits[0].newText)?.[1];
    assert.ok(predicate, fix.edits[0].newText);
    const expr = `let p = ${predicate}; in [ (p { pname = "steam"; name = "steam-1.0.0.78"; }) (p { name = "steam-1.0.0.78"; }) (p { name = "steam-run-1.0"; }) (p { pname = "hello"; name = "hello-2.12"; }) ]`;
    const r = spawnSyncText('nix-instantiate', ['--eval', '--strict', '--json', '-E', expr], ws);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [true, true, false, false]);
  });

  it('module-system errors from real Nix: apply the fix, evaluate again, until the configuration is accepted', function () {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-loop-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'module-loop'), ws, { recursive: true });
      const file = path.join(ws, 'configuration.nix');
      const expr = `import ${path.join(FIXTURES, 'mini-nixos.nix')} { configuration = ${file}; }`;
      const knownOptions = ['services.openssh.enable', 'services.xserver.enable', 'networking.hostName', 'networking.firewall.allowedTCPPorts', 'boot.loader.timeout', 'time.timeZone'];
      const codes: string[] = [];
      for (let round = 0; ; round++) {
        assert.ok(round < 10, 'the fixes converge');
        const r = spawnSyncText('nix-instantiate', ['--eval', '--strict', '--log-format', 'internal-json', '-E', expr], ws);
        if (r.status === 0) {
          assert.equal(r.stdout.trim(), '"ok"');
          break;
        }
        const ds = diagnose(splitStderr(r.stderr), ws, { knownOptions });
        assert.equal(ds.length, 1, `${r.stderr}\n${describeAll(ds)}`);
        codes.push(ds[0]!.code);
        const edits = ds[0]!.fixes?.[0]?.edits;
        assert.ok(edits, `a fix for: ${ds[0]!.message}`);
        fs.writeFileSync(file, applyEdits(fs.readFileSync(file, 'utf8'), file, edits));
      }
      assert.deepEqual(codes, ['option-type', 'option-type', 'unknown-option', 'option-type']);
      assert.equal(fs.readFileSync(file, 'utf8'), [
        '{ config, pkgs, lib, ... }:',
        '{',
        '  services.openssh.enable = true;',
        '  services.xserver.enable = true;',
        '  networking = {',
        '    firewall.allowedTCPPorts = [ 22 ];',
        '    hostName = "laptop";',
        '  };',
        '  boot.loader = { timeout = 5; };',
        '  time.timeZone = "Europe/Paris";',
        '}',
        '',
      ].join('\n'));
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('internal-json and plain text carrying the same error give one diagnostic', function () {
    const ws = path.join(FIXTURES, 'undefined-package');
    const json = runNix(['nix-instantiate', '--parse', 'configuration.nix', '--log-format', 'internal-json'], ws);
    const plain = runNix(['nix-instantiate', '--parse', 'configuration.nix'], ws);
    const ds = diagnose({ messages: json.messages, plainText: plain.plainText }, ws);
    assert.equal(ds.length, 1, describeAll(ds));
  });

  it('an untracked flake file in a real git repository (Nix 2.8 wording) offers git add -N', function () {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-flake-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'flake-untracked'), ws, { recursive: true });
      const git = (...args: string[]) => runGit(ws, args);
      git('init', '-q', '.');
      git('add', 'flake.nix');
      git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qm', 'init');
      const captured = runNix(['nix', 'eval', '.#settings', '--log-format', 'internal-json'], ws);
      const ds = diagnose(captured, ws);
      const d = ds.find((x) => x.code === 'untracked-flake-file' && x.file === path.join(ws, 'flake.nix'));
      assert.ok(d, describeAll(ds));
      assert.deepEqual(d.fixes?.[0]?.command, ['git', '-C', ws, 'add', '-N', 'settings.nix']);
      // The fix works: after git add -N the flake evaluates.
      git('add', '-N', 'settings.nix');
      const after = runNixOk(['nix', 'eval', '--json', '.#settings'], ws);
      assert.equal(after.trim(), '{"greeting":"hello"}');
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('maps flake store paths back to the workspace, only when the file exists there', function () {
    const ws = path.join(FIXTURES, 'undefined-package');
    const store = '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source';
    const message = (file: string) => ({ level: 0, msg: "error: undefined variable 'firefox'", raw_msg: "undefined variable 'firefox'", file, line: 3, column: 34 });
    const mapped = diagnose({ messages: [message(`${store}/configuration.nix`)], plainText: '' }, ws);
    assert.equal(mapped[0]?.file, path.join(ws, 'configuration.nix'));
    const sub = diagnose({ messages: [message(`${store}/undefined-package/configuration.nix`)], plainText: '' }, ws);
    assert.equal(sub[0]?.file, path.join(ws, 'configuration.nix'), 'a flake in a sub-folder of its repository');
    assert.deepEqual(diagnose({ messages: [message(`${store}/nixos/modules/misc/nixpkgs.nix`)], plainText: '' }, ws), []);
  });

  it('never throws on garbage and reads files only through readFile', function () {
    const reads: string[] = [];
    const ds = diagnose({ messages: [{ level: 0, msg: '\u001b[31merror:\u001b[0m ???' }], plainText: 'error: attribute \'x\' missing\n       at /nowhere/x.nix:99:99:\nerror:\n' }, '/nowhere', {}, (p) => {
      reads.push(p);
      return readFileOrUndefined(p);
    });
    assert.deepEqual(ds, []);
    assert.ok(reads.every((p) => p.startsWith('/nowhere')));
  });
});

function runGit(cwd: string, args: string[]): void {
  const r = spawnSyncText('git', args, cwd);
  assert.equal(r.status, 0, r.stderr);
}

function runNixOk(args: string[], cwd: string): string {
  const r = spawnSyncText(args[0]!, args.slice(1), cwd);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function spawnSyncText(command: string, args: string[], cwd: string) {
  requireTool(command);
  return spawnSync(command, args, { cwd, env: NIX_ENV, encoding: 'utf8' });
}
