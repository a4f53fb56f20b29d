// Build-time errors: fixed-output hash mismatches, failed builders, and flake files that git
// does not track (so the flake's store copy lacks them).
import * as path from 'node:path';
import { SyntaxKind as K, asPath, descendants, tokens } from '../../syntax/index.js';
import type { SystemDiagnostic, SystemFix } from '../../protocol/diagnostics';
import type { ErrorContext } from './context';
import { parseHash, spellings } from './hashes';
import { parseDrvName, storePathName } from './nixNames';
import type { ErrorRecord } from './records';

/** Files worth searching for hashes and package names: everything the output mentioned. */
export function candidateFiles(records: readonly ErrorRecord[], ctx: ErrorContext): string[] {
  const files = new Set<string>();
  const add = (f: string | undefined) => f && ctx.text(f) !== undefined && files.add(f);
  add(ctx.input.configurationFile);
  add(ctx.configurationFile());
  add(ctx.moduleFile());
  for (const f of ctx.input.workspaceFiles ?? []) add(path.resolve(ctx.input.workspaceRoot, f));
  for (const r of records) for (const p of r.positions) add(ctx.resolver.resolve(p.file));
  return [...files];
}

export function hashMismatch(record: ErrorRecord, ctx: ErrorContext, files: readonly string[]): SystemDiagnostic[] | undefined {
  const m = /hash mismatch in fixed-output derivation '([^']+)':\s*(?:specified|wanted):\s*(\S+)\s*got:\s*(\S+)/.exec(record.body);
  if (!m) return undefined;
  const drv = m[1]!;
  const specified = parseHash(m[2]!);
  const got = parseHash(m[3]!);
  const name = storePathName(drv).replace(/\.drv$/, '');
  const message = (found: boolean) =>
    `The download or source for ${name} does not match its hash: expected ${m[2]}, but got ${m[3]}. ` +
    (found
      ? 'If you changed the source on purpose (e.g. a new version), replace the hash with the new one.'
      : 'Find the hash in your configuration and replace it with the new one, if the source change was intended.');
  if (!specified || !got) return [];
  const hits: SystemDiagnostic[] = [];
  for (const file of files) {
    const text = ctx.text(file)!;
    for (const s of spellings(specified, got)) {
      let at = text.indexOf(s.find);
      while (at >= 0) {
        // Whole token only: a base32 spelling must not match inside a longer string.
        const before = text[at - 1] ?? ' ';
        const after = text[at + s.find.length] ?? ' ';
        if (!/[A-Za-z0-9+/:-]/.test(before) && !/[A-Za-z0-9+/=]/.test(after)) {
          hits.push(ctx.diagnostic(
            { file, range: ctx.range(file, at, at + s.find.length), severity: 'error', code: 'hash-mismatch', message: message(true) },
            [ctx.fix('Replace with the hash that was downloaded', file, [{ start: at, end: at + s.find.length, newText: s.replace }])],
          ));
        }
        at = text.indexOf(s.find, at + 1);
      }
    }
  }
  if (hits.length) return hits;
  // Placeholder hashes (lib.fakeHash and friends) are the usual way to ask Nix for the real one.
  if (specified.bytes.every((b) => b === 0)) {
    const sri = `${got.algo}-${got.bytes.toString('base64')}`;
    for (const file of files) {
      const text = ctx.text(file)!;
      const re = /\b(?:lib\.)?fake(?:Hash|Sha256|Sha512)\b/g;
      let f: RegExpExecArray | null;
      while ((f = re.exec(text))) {
        hits.push(ctx.diagnostic(
          { file, range: ctx.range(file, f.index, f.index + f[0].length), severity: 'error', code: 'hash-mismatch', message: message(true) },
          [ctx.fix('Replace the placeholder with the real hash', file, [{ start: f.index, end: f.index + f[0].length, newText: `"${sri}"` }])],
        ));
      }
    }
  }
  if (hits.length) return hits;
  const file = ctx.configurationFile();
  return file ? [{ file, range: ctx.topOfFile(file), severity: 'error', code: 'hash-mismatch', message: message(false) }] : [];
}

export function buildFailure(record: ErrorRecord, ctx: ErrorContext): SystemDiagnostic[] | undefined {
  const body = record.body;
  if (/dependenc(y|ies) of derivation '[^']+' failed to build/.test(body)) return []; // a consequence, not a cause
  const m = /builder for '([^']+)' failed with exit code (\d+)/.exec(body)
    ?? /Cannot build '([^']+)'\.[\s\S]*?Reason: builder failed with exit code (\d+)/.exec(body)
    ?? /builder for '([^']+)' failed due to signal (\d+)/.exec(body);
  if (!m) return undefined;
  const drv = m[1]!;
  const full = storePathName(drv).replace(/\.drv$/, '');
  const file = ctx.configurationFile();
  if (!file) return [];
  const lines = (record.logLines.length ? record.logLines : ctx.input.buildLogs?.[drv] ?? []).slice(-10);
  const log = lines.length ? ` The last lines of its log:\n${lines.join('\n')}\n` : ' ';
  const { name } = parseDrvName(full);
  const site = findWord(name, [ctx.moduleFile(), file], ctx);
  return [{
    file: site?.file ?? file,
    range: site?.range ?? ctx.topOfFile(file),
    severity: 'error',
    code: 'build-failed',
    message: `Building ${full} failed (exit code ${m[2]}).${log}See the whole log with \`nix log ${drv}\`, fix the package or remove it, then rebuild.`,
  }];
}

function findWord(word: string, files: (string | undefined)[], ctx: ErrorContext) {
  for (const file of new Set(files)) {
    if (!file || !word) continue;
    const outline = ctx.outline(file);
    if (!outline) continue;
    for (const t of tokens(outline.tree)) {
      if (t.kind === K.Ident && t.text === word) return { file, range: ctx.range(file, t.start, t.end) };
    }
  }
  return undefined;
}

export function untrackedFile(record: ErrorRecord, ctx: ErrorContext): SystemDiagnostic[] | undefined {
  const body = record.body;
  let rel: string | undefined;
  let repo = ctx.input.workspaceRoot;
  let m = /Path '([^']+)' in the repository "([^"]+)" is not tracked by Git/.exec(body);
  if (m) {
    repo = m[2]!;
    rel = path.relative(ctx.input.workspaceRoot, path.join(repo, m[1]!));
  } else {
    // Nix before 2.20: the store copy of the flake simply lacks the file.
    m = /(?:getting status of|path) '\/nix\/store\/[0-9a-z]{32}-source\/([^']+)'(?::| does not exist)/.exec(body);
    if (!m || (!/No such file or directory/.test(body) && !/does not exist/.test(body))) return undefined;
    const local = ctx.resolver.resolve(`/nix/store/${'0'.repeat(32)}-source/${m[1]}`);
    if (!local) return undefined; // missing in the workspace too: a real missing file, not git
    rel = path.relative(ctx.input.workspaceRoot, local);
  }
  const abs = path.join(ctx.input.workspaceRoot, rel);
  const fix: SystemFix = { title: `Let git track ${rel} (git add -N)`, command: ['git', '-C', ctx.input.workspaceRoot, 'add', '-N', rel] };
  const message = `${rel} is not tracked by git, so the flake cannot see it (flakes only include files git knows about). Run \`git add -N ${rel}\`, then rebuild.`;
  // Show it where the file is referenced, and on the file itself.
  const out: SystemDiagnostic[] = [];
  const referrer = [ctx.configurationFile(), ctx.moduleFile()].find((f) => f && f !== abs && ctx.text(f)?.includes(path.basename(rel!)));
  if (referrer) {
    const text = ctx.text(referrer)!;
    const base = path.basename(rel);
    let at = text.indexOf(`./${rel}`);
    let length = rel.length + 2;
    if (at < 0) {
      at = text.indexOf(base);
      length = base.length;
    }
    const start = at;
    const end = at + length;
    out.push({ file: referrer, range: ctx.range(referrer, start, end), severity: 'error', code: 'untracked-flake-file', message, fixes: [fix] });
  }
  if (ctx.text(abs) !== undefined) out.push({ file: abs, range: ctx.topOfFile(abs), severity: 'error', code: 'untracked-flake-file', message, fixes: [fix] });
  return out;
}

/** `getting status of '/etc/nixos/x.nix': No such file or directory`: mark where it is referenced. */
export function missingFile(record: ErrorRecord, ctx: ErrorContext, files: readonly string[]): SystemDiagnostic[] | undefined {
  const m = /(?:getting status of|opening file|path) '([^']+)'(?::\s*No such file or directory| does not exist)/.exec(record.body);
  if (!m) return undefined;
  const store = /^\/nix\/store\/[0-9a-z]{32}-source\/(.+)$/.exec(m[1]!);
  const wanted = store ? path.join(ctx.input.workspaceRoot, store[1]!) : m[1]!;
  if (!store && m[1]!.startsWith('/nix/store/')) return undefined;
  const out: SystemDiagnostic[] = [];
  for (const file of files) {
    const outline = ctx.outline(file);
    if (!outline) continue;
    for (const n of descendants(outline.tree)) {
      const text = n.kind === K.Path ? asPath(n)!.text : undefined;
      if (text === undefined) continue;
      const resolved = text.startsWith('/') ? text : path.resolve(path.dirname(file), text.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
      if (resolved !== wanted && path.join(resolved, 'default.nix') !== wanted) continue;
      out.push({
        file,
        range: ctx.range(file, n.start, n.end),
        severity: 'error',
        code: 'missing-file',
        message: `The file ${text} does not exist. Create it, or correct the path.`,
      });
    }
  }
  return out;
}
