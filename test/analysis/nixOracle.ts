// Real Nix as the oracle for name resolution: `nix-instantiate --parse` resolves
// names and rejects duplicates, so its verdict on a file and ours must agree
// (same kind of error, same name, same line).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/index.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { lineIndex } from '../../server/src/syntax/index.js';

export type Verdict =
  | { kind: 'ok' }
  | { kind: 'undefined-variable'; name: string; line: number }
  | { kind: 'duplicate-attr'; name: string; line: number }
  | { kind: 'duplicate-formal'; name: string }
  | { kind: 'other'; message: string };

export function nixVerdict(file: string): Promise<Verdict> {
  return new Promise((resolve) => {
    execFile(
      'nix-instantiate',
      ['--parse', file],
      { env: { ...process.env, NIX_CONFIG: 'sandbox = false\nsubstituters =\nbuild-users-group =' } },
      (err, _stdout, stderr) => {
        if (!err) return resolve({ kind: 'ok' });
        const at = /^\s+at [^\n]*?:(\d+):\d+:?\s*$/m.exec(stderr);
        const line = at ? Number(at[1]) : 0;
        let m = /undefined variable '([^']*)'/.exec(stderr);
        if (m) return resolve({ kind: 'undefined-variable', name: m[1]!, line });
        m = /attribute '([^']*)' already defined/.exec(stderr);
        if (m) return resolve({ kind: 'duplicate-attr', name: m[1]!, line });
        m = /duplicate formal function argument '([^']*)'/.exec(stderr);
        if (m) return resolve({ kind: 'duplicate-formal', name: m[1]! });
        resolve({ kind: 'other', message: stderr.split('\n')[0] ?? '' });
      },
    );
  });
}

export function nixFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...nixFiles(p));
    else if (name.endsWith('.nix')) out.push(p);
  }
  return out;
}

function inheritedNameAt(text: string, offset: number): boolean {
  const r = analyze(text).references.find((x) => x.range.start === offset);
  return r?.inherit !== undefined;
}

export function checkAgreement(text: string, v: Verdict, label: string): void {
  const ds = computeDiagnostics(analyze(text));
  const errors = ds.filter((d) => d.severity === 'error');
  const li = lineIndex(text);
  const lineOf = (o: number) => li.positionAt(o).line + 1;
  const show = () => errors.map((d) => `${d.code}@${lineOf(d.start)} ${JSON.stringify(text.slice(d.start, d.end))}`).join('; ');
  switch (v.kind) {
    case 'ok':
      assert.equal(errors.length, 0, `${label}: Nix accepts it but we report: ${show()}`);
      break;
    case 'undefined-variable':
      assert.ok(
        errors.some(
          (d) =>
            d.code === 'undefined-variable' &&
            text.slice(d.start, d.end) === v.name &&
            // Nix 2.8 places an undefined `inherit x;` name at an earlier token of the binding list
            (lineOf(d.start) === v.line || (inheritedNameAt(text, d.start) && v.line <= lineOf(d.start))),
        ),
        `${label}: Nix reports undefined '${v.name}' at line ${v.line}; we report: ${show()}`,
      );
      break;
    case 'duplicate-attr':
      assert.ok(
        errors.some((d) => d.code === 'duplicate-attr' && lineOf(d.start) === v.line),
        `${label}: Nix reports duplicate '${v.name}' at line ${v.line}; we report: ${show()}`,
      );
      break;
    case 'duplicate-formal':
      assert.ok(
        errors.some((d) => d.code === 'duplicate-formal' && text.slice(d.start, d.end) === v.name),
        `${label}: Nix reports duplicate formal '${v.name}'; we report: ${show()}`,
      );
      break;
    case 'other':
      assert.ok(errors.length > 0, `${label}: Nix rejects it (${v.message}) but we report nothing`);
  }
}

/** Nix's verdicts on many texts, a few processes at a time. */
export async function nixVerdicts(texts: string[], concurrency = 8): Promise<Verdict[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nix-agree-'));
  try {
    const out: Verdict[] = new Array(texts.length);
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= texts.length) return;
        const f = join(dir, `s${i}.nix`);
        writeFileSync(f, texts[i]!);
        out[i] = await nixVerdict(f);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks every text, collecting the disagreements. */
export function disagreements(texts: string[], verdicts: Verdict[]): string[] {
  const failures: string[] = [];
  texts.forEach((src, i) => {
    try {
      checkAgreement(src, verdicts[i]!, JSON.stringify(src));
    } catch (e) {
      failures.push((e as Error).message);
    }
  });
  return failures;
}
