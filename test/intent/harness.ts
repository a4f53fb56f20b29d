// Plain-language requests checked with real Nix: each request of test-fixtures/intents/ is
// planned over its base configuration, the edited files are written to a temporary folder, and
// one nix-instantiate per base evaluates the base and every edited copy through the stand-in
// NixOS (test-fixtures/nixos-standin), giving every declared option's value. A request passes
// when the values changed are exactly the expected ones, the edit parses, and asking again
// changes nothing. Shared by test/intent/requests.test.ts and bench/intent.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, type Answer } from '../../server/src/intent/index.js';
import type { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { applyEdits, parse } from '../../server/src/syntax/index.js';
import { analyze } from '../../server/src/analysis/index.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';

/** The analysis's diagnostics of a text, as comparable lines (code and message, no offsets). */
const findings = (text: string) => computeDiagnostics(analyze(text)).map((d) => `${d.severity} ${d.code}: ${d.message}`);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const INTENTS_DIR = path.join(root, 'test-fixtures/intents');
const STANDIN = path.join(root, 'test-fixtures/nixos-standin/nixpkgs');

export interface RequestCase {
  base: string;
  ask: string;
  /**
   * The options that change and their new values. `+opt`/`-opt`: items added to / removed from a
   * list; `!opt`: gone; `pkgs` stands for environment.systemPackages (items are attribute names);
   * a key may go below an attrs option (`users.users.alice.shell`). Empty: nothing changes.
   */
  expect: Record<string, unknown>;
  /** The file given (relative to the base), as `--file` would. */
  file?: string;
  /** Why the expected values are what a careful expert would set, where that is not plain. */
  why?: string;
  /** The request is not understood: exit 3 with nearest things. */
  unknown?: boolean;
  /** Written after the rules were tuned on the others, to measure phrasings they were not fitted to. */
  heldOut?: boolean;
  /**
   * Which held-out batch; test-fixtures/intents/batches.json keeps each batch's size, when it was
   * written and its first-run score (before any fix for it).
   */
  batch?: number;
}

export interface CaseResult {
  case: RequestCase;
  ok: boolean;
  why: string;
  ms: number;
  answer?: Answer;
  /** The evaluated option values (base, expected, got), kept so a miss can be classified. */
  values?: { base: Values; want: Values; got: Values };
}

/** A held-out batch as first run: how many of its requests were right before any fix for it. */
export interface Batch {
  batch: number;
  written: string;
  requests: number;
  firstRun: number;
  /** Written after the fixes of the batch before, before running it: counted as new phrasings. */
  blind: boolean;
  what: string;
}

export function loadBatches(): Batch[] {
  return JSON.parse(readFileSync(path.join(INTENTS_DIR, 'batches.json'), 'utf8')) as Batch[];
}

/** Requests of the newest blind batches not yet right (test-fixtures/intents/open.json). */
export function loadOpen(): Array<{ base: string; ask: string; batch?: number }> {
  return JSON.parse(readFileSync(path.join(INTENTS_DIR, 'open.json'), 'utf8')) as Array<{ base: string; ask: string; batch?: number }>;
}

export function loadCases(): RequestCase[] {
  return JSON.parse(readFileSync(path.join(INTENTS_DIR, 'requests.json'), 'utf8')) as RequestCase[];
}

function nixFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel))) {
    const r = path.join(rel, e);
    if (statSync(path.join(dir, r)).isDirectory()) out.push(...nixFiles(dir, r));
    else if (e.endsWith('.nix')) out.push(r);
  }
  return out;
}

/** The workspace of a base: every .nix file under it, by absolute path. */
export function baseWorkspace(base: string): { dir: string; files: Map<string, string>; root: string } {
  const dir = path.join(INTENTS_DIR, 'bases', base);
  const files = new Map<string, string>();
  for (const r of nixFiles(dir)) files.set(path.join(dir, r), readFileSync(path.join(dir, r), 'utf8'));
  const flake = path.join(dir, 'flake.nix');
  return { dir, files, root: files.has(flake) ? flake : path.join(dir, 'configuration.nix') };
}

export function runCases(cases: readonly RequestCase[], index: NixosIndex): CaseResult[] {
  const tmp = mkdtempSync(path.join(tmpdir(), 'intents-'));
  const results: CaseResult[] = cases.map((c) => ({ case: c, ok: false, why: '', ms: 0 }));
  try {
    const bases = [...new Set(cases.map((c) => c.base))];
    for (const base of bases) {
      const ws = baseWorkspace(base);
      const dirs: Array<{ i: number; dir: string }> = [];
      cases.forEach((c, i) => {
        if (c.base !== base) return;
        const r = results[i]!;
        const target = c.file ? path.join(ws.dir, c.file) : undefined;
        const t0 = performance.now();
        const answer = ask(c.ask, { files: ws.files, root: ws.root, target }, index);
        r.ms = performance.now() - t0;
        r.answer = answer;
        const understood = answer.understanding.intents.length > 0 && answer.understanding.unknown.length === 0;
        if (c.unknown) {
          r.ok = !understood && !answer.plan.changed;
          r.why = r.ok ? '' : 'understood what should not be';
          return;
        }
        if (!understood) {
          r.why = `not understood: ${answer.understanding.unknown.map((u) => u.words).join('; ') || '(no intents)'}`;
          return;
        }
        const edited = new Map(ws.files);
        for (const f of answer.plan.files) {
          const text = applyEdits(ws.files.get(f.file)!, f.edits);
          const errors = parse(text).errors;
          if (errors.length) {
            r.why = `${path.basename(f.file)} does not parse: ${errors[0]!.message}`;
            return;
          }
          const before = new Set(findings(ws.files.get(f.file)!));
          const added = findings(text).filter((d) => !before.has(d));
          if (added.length) {
            r.why = `${path.basename(f.file)} analyses with new findings: ${added.join('; ')}`;
            return;
          }
          edited.set(f.file, text);
        }
        const again = ask(c.ask, { files: edited, root: ws.root, target }, index);
        if (again.plan.changed) {
          r.why = `asking again changes more: ${again.plan.messages.join(' ')}`;
          return;
        }
        const out = path.join(tmp, base, String(i));
        for (const [f, text] of edited) {
          const to = path.join(out, path.relative(ws.dir, f));
          mkdirSync(path.dirname(to), { recursive: true });
          writeFileSync(to, text);
        }
        dirs.push({ i, dir: out });
      });
      const values = evaluate([ws.dir, ...dirs.map((d) => d.dir)], ws.root.endsWith('flake.nix'));
      const baseValues = values[0];
      if (!baseValues || 'error' in baseValues) throw new Error(`base ${base} does not evaluate: ${JSON.stringify(baseValues)}`);
      dirs.forEach(({ i }, k) => {
        const got = values[k + 1]!;
        const r = results[i]!;
        if ('error' in got) {
          r.why = `evaluation failed: ${got.error}`;
          return;
        }
        const want = expected(baseValues.ok, r.case.expect);
        const diff = differences(want, got.ok);
        r.values = { base: baseValues.ok, want, got: got.ok };
        r.ok = diff.length === 0;
        r.why = diff.slice(0, 3).join('; ');
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}

export type Values = Record<string, unknown>;
type Evaluated = { ok: Values } | { error: string };

/** Every directory's option values, in one nix-instantiate; one by one when the batch fails. */
function evaluate(dirs: string[], flake: boolean): Evaluated[] {
  const one = flake
    ? `(d: ((import (d + "/flake.nix")).outputs { self = null; nixpkgs = { lib.nixosSystem = { system, modules }: import ${STANDIN}/nixos/lib/eval-config.nix { inherit system modules; withIndex = true; }; }; }).nixosConfigurations.laptop.standinValues)`
    : `(d: (import ${STANDIN}/nixos { configuration = d + "/configuration.nix"; withIndex = true; }).standinValues)`;
  const run = (ds: string[]) =>
    JSON.parse(
      execFileSync(
        'nix-instantiate',
        ['--eval', '--strict', '--json', '-E', `map (d: let v = ${one} d; r = builtins.tryEval (builtins.deepSeq v v); in if r.success then { ok = r.value; } else { error = "throws"; }) [ ${ds.map((d) => `(/. + ${JSON.stringify(d)})`).join(' ')} ]`],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 },
      ),
    ) as Evaluated[];
  try {
    return run(dirs);
  } catch {
    return dirs.map((d) => {
      try {
        return run([d])[0]!;
      } catch (e) {
        const msg = String((e as { stderr?: string }).stderr ?? e).split('\n').find((l) => l.startsWith('error:')) ?? 'error';
        return { error: msg };
      }
    });
  }
}

const pkg = (name: string) => `<pkg ${name.split('.').pop()}>`;

/** The base values with the expected changes made. */
function expected(base: Values, expect: Record<string, unknown>): Values {
  const want = structuredClone(base);
  for (const [rawKey, value] of Object.entries(expect)) {
    const op = /^[+\-!]/.test(rawKey) ? rawKey[0]! : '=';
    let key = op === '=' ? rawKey : rawKey.slice(1);
    let v = value;
    if (key === 'pkgs') {
      key = 'environment.systemPackages';
      v = (value as string[]).map(pkg);
    }
    const declared = Object.keys(want).filter((k) => key === k || key.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
    if (!declared) throw new Error(`no option ${key}`);
    const below = key === declared ? [] : key.slice(declared.length + 1).split('.');
    let holder: Record<string, unknown> = want;
    let name = declared;
    for (const part of below) {
      holder[name] ??= {};
      holder = holder[name] as Record<string, unknown>;
      name = part;
    }
    const old = holder[name];
    if (op === '=') holder[name] = v;
    else if (op === '!') delete holder[name];
    else if (op === '+') holder[name] = [...((old as unknown[]) ?? []), ...(v as unknown[])];
    else holder[name] = ((old as unknown[]) ?? []).filter((x) => !(v as unknown[]).some((y) => JSON.stringify(y) === JSON.stringify(x)));
  }
  return want;
}

const canon = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canon).sort().join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${canon((v as Values)[k])}`).join(',')}}`;
  return JSON.stringify(v);
};

function differences(want: Values, got: Values): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) {
    if (canon(want[k]) !== canon(got[k])) out.push(`${k}: want ${canon(want[k])}, got ${canon(got[k])}`);
  }
  return out;
}
