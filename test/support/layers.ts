// The layer rules as a pure function: given the sources (path relative to the repository root,
// and text), it returns every import or global use that breaks a rule. No IO here, so the test
// can feed it the real tree and small made-up trees alike (the test of the test).
import { builtinModules } from 'node:module';
import path from 'node:path';

export interface SourceFile {
  /** Relative to the repository root, with forward slashes: `server/src/syntax/kinds.ts`. */
  path: string;
  text: string;
}

export type Rule =
  | 'rank'
  | 'sibling'
  | 'cli-lsp'
  | 'core-node'
  | 'core-vscode'
  | 'core-io'
  | 'sources'
  | 'exec-only'
  | 'protocol-pure'
  | 'protocol-users'
  | 'client-server'
  | 'root-leaf'
  | 'unlayered'
  | 'cycle';

export interface Violation {
  file: string;
  line: number;
  /** The import specifier, the global used, or the cycle. */
  what: string;
  rule: Rule;
  why: string;
}

export type ImportKind = 'static' | 'type' | 'side-effect' | 'export-from' | 'dynamic' | 'require';

export interface ImportRef {
  spec: string;
  kind: ImportKind;
  line: number;
}

export const RANK: Readonly<Record<string, number>> = {
  syntax: 0,
  analysis: 1,
  knowledge: 1,
  ide: 2,
  intent: 2,
  system: 3,
  lsp: 4,
  cli: 5,
};
const CORE = new Set(['syntax', 'analysis', 'knowledge', 'intent', 'ide']);
const PROTOCOL_USERS = new Set(['system', 'lsp', 'cli']);
const EXEC = 'server/src/system/exec.ts';
/** The one room of the core that loads (reads files, takes what a process printed): pure code never imports it. */
const SOURCES = 'server/src/knowledge/sources/';
const CLI_MAY_USE = 'server/src/lsp/stdio.ts';
const SERVER = 'server/src/';
const CLIENT = 'client/src/';

/** Globals through which a module reaches the outside world without importing anything. */
const IO_GLOBALS = new Set([
  'process', 'require', 'fetch', 'XMLHttpRequest', 'WebSocket', 'Bun', 'Deno', '__dirname', '__filename',
  'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
]);

const BUILTINS = new Set(builtinModules);

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line} ${v.what} [${v.rule}] ${v.why}`;
}

// ---- a small TypeScript tokenizer: enough to tell code from strings, comments and regexes

type TokKind = 'id' | 'str' | 'tpl' | 'punct' | 'other';
interface Tok {
  kind: TokKind;
  value: string;
  offset: number;
}

/** After these words a `/` starts a regex, not a division. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  // One entry per open `{` or `${`: true when it opened a template substitution.
  const braces: boolean[] = [];
  let i = 0;
  const n = text.length;

  const template = (start: number): void => {
    // i is just after the opening backtick or the `}` closing a substitution.
    while (i < n) {
      const c = text[i]!;
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        toks.push({ kind: 'tpl', value: '', offset: start });
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        i += 2;
        braces.push(true);
        toks.push({ kind: 'tpl', value: '', offset: start });
        return;
      } else i++;
    }
  };

  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"' || c === "'") {
      const start = i++;
      let value = '';
      while (i < n && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\') {
          value += text[i + 1] ?? '';
          i += 2;
        } else value += text[i++];
      }
      i++;
      toks.push({ kind: 'str', value, offset: start });
    } else if (c === '`') {
      const start = i++;
      template(start);
    } else if (/[A-Za-z_$]/.test(c)) {
      const start = i;
      while (i < n && /[\w$]/.test(text[i]!)) i++;
      toks.push({ kind: 'id', value: text.slice(start, i), offset: start });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[\w.]/.test(text[i]!)) i++;
      toks.push({ kind: 'other', value: text.slice(start, i), offset: start });
    } else if (c === '/' && regexAllowed(toks[toks.length - 1])) {
      const start = i++;
      let inClass = false;
      while (i < n && text[i] !== '\n') {
        const d = text[i]!;
        if (d === '\\') i++;
        else if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/.test(text[i]!)) i++;
      toks.push({ kind: 'other', value: text.slice(start, i), offset: start });
    } else if (c === '{') {
      braces.push(false);
      toks.push({ kind: 'punct', value: c, offset: i++ });
    } else if (c === '}') {
      const start = i++;
      if (braces.pop() === true) template(start);
      else toks.push({ kind: 'punct', value: c, offset: start });
    } else {
      toks.push({ kind: 'punct', value: c, offset: i++ });
    }
  }
  return toks;
}

function regexAllowed(prev: Tok | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'id') return BEFORE_REGEX.has(prev.value);
  if (prev.kind === 'punct') return !(prev.value === ')' || prev.value === ']' || prev.value === '}');
  return false;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

const isPunct = (t: Tok | undefined, v: string): boolean => t?.kind === 'punct' && t.value === v;
const isId = (t: Tok | undefined, v: string): boolean => t?.kind === 'id' && t.value === v;

/** Every module a file names: static, type-only, side-effect, re-exports, `import()` and `require()`. */
export function importsOf(text: string): ImportRef[] {
  const toks = tokenize(text);
  const out: ImportRef[] = [];
  const add = (spec: string, kind: ImportKind, offset: number) => out.push({ spec, kind, line: lineAt(text, offset) });

  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind !== 'id' || isPunct(toks[k - 1], '.')) continue;
    const next = toks[k + 1];
    if (t.value === 'import') {
      if (isPunct(next, '.')) continue; // import.meta
      if (isPunct(next, '(')) {
        if (toks[k + 2]?.kind === 'str') add(toks[k + 2]!.value, 'dynamic', t.offset);
        continue;
      }
      if (next?.kind === 'str') {
        add(next.value, 'side-effect', t.offset);
        continue;
      }
      const typeOnly = isId(next, 'type') && !isId(toks[k + 2], 'from') && !isPunct(toks[k + 2], ',');
      const spec = fromClause(toks, k + 1);
      if (spec) add(spec.value, typeOnly ? 'type' : 'static', t.offset);
    } else if (t.value === 'export') {
      let j = k + 1;
      if (isId(toks[j], 'type')) j++;
      if (!isPunct(toks[j], '{') && !isPunct(toks[j], '*')) continue;
      const spec = fromClause(toks, j);
      if (spec) add(spec.value, 'export-from', t.offset);
    } else if (t.value === 'require' && isPunct(next, '(') && toks[k + 2]?.kind === 'str') {
      add(toks[k + 2]!.value, 'require', t.offset);
    }
  }
  return out;
}

/** From the token after `import`/`export`, the string after `from` (null when there is none). */
function fromClause(toks: Tok[], j: number): Tok | null {
  let depth = 0;
  for (; j < toks.length; j++) {
    const t = toks[j]!;
    if (isPunct(t, '{')) depth++;
    else if (isPunct(t, '}')) depth--;
    else if (depth === 0 && (isPunct(t, ';') || isPunct(t, '=') || isPunct(t, '('))) return null;
    else if (depth === 0 && isId(t, 'from') && toks[j + 1]?.kind === 'str') return toks[j + 1]!;
    // `export { a }` with no `from`: the next token starts another statement.
    if (depth === 0 && isPunct(t, '}') && !isId(toks[j + 1], 'from')) return null;
  }
  return null;
}

/** Uses of IO globals (`process`, timers, `require`, `fetch`, ...) in code, with their lines. */
export function ioGlobalsOf(text: string): { name: string; line: number }[] {
  const toks = tokenize(text);
  const out: { name: string; line: number }[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind !== 'id' || !IO_GLOBALS.has(t.value)) continue;
    const prev = toks[k - 1];
    // A property (`x.process`), a key (`{ process: 1 }`) or a declared name is not the global.
    if (isPunct(prev, '.') || (isPunct(toks[k + 1], ':') && !isPunct(prev, '?'))) continue;
    if (prev?.kind === 'id' && ['const', 'let', 'var', 'function', 'class', 'interface', 'type'].includes(prev.value)) continue;
    out.push({ name: t.value, line: lineAt(text, t.offset) });
  }
  return out;
}

// ---- where a path sits

type Area =
  | { kind: 'layer'; name: string }
  | { kind: 'protocol' }
  | { kind: 'root' }
  | { kind: 'unlayered'; name: string }
  | { kind: 'client' }
  | { kind: 'outside' };

function areaOf(p: string): Area {
  if (p.startsWith(CLIENT)) return { kind: 'client' };
  if (!p.startsWith(SERVER)) return { kind: 'outside' };
  const rest = p.slice(SERVER.length);
  const slash = rest.indexOf('/');
  // A name with no extension at the top is a folder's index (`server/src/protocol`).
  if (slash < 0 && /\.[cm]?[jt]sx?$/.test(rest)) return { kind: 'root' };
  const top = slash < 0 ? rest : rest.slice(0, slash);
  if (top === 'protocol') return { kind: 'protocol' };
  if (top in RANK) return { kind: 'layer', name: top };
  return { kind: 'unlayered', name: top };
}

const isOurs = (p: string): boolean => p.startsWith(SERVER) || p.startsWith(CLIENT);

/** The repository path a relative specifier names: the file in the set when there is one. */
function resolve(from: string, spec: string, known: Set<string>): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const stem = base.replace(/\.(js|mjs|cjs|ts|mts|cts)$/, '');
  for (const c of [base, `${stem}.ts`, `${stem}.mts`, `${stem}.tsx`, `${base}/index.ts`]) if (known.has(c)) return c;
  return stem === base ? base : `${stem}.ts`;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || BUILTINS.has(packageName(spec));
const isVscode = (spec: string): boolean => {
  const name = packageName(spec);
  return name === 'vscode' || name.startsWith('vscode-');
};
const isExecModule = (spec: string): boolean => {
  const name = packageName(spec.replace(/^node:/, ''));
  return name === 'execa' || name === 'child_process';
};

// ---- the rules

export function checkLayers(files: readonly SourceFile[]): Violation[] {
  const known = new Set(files.map((f) => f.path));
  const out: Violation[] = [];
  const edges = new Map<string, { to: string; line: number }[]>();

  for (const f of files) {
    const from = areaOf(f.path);
    if (from.kind === 'outside') continue;
    const add = (line: number, what: string, rule: Rule, why: string) => out.push({ file: f.path, line, what, rule, why });
    if (from.kind === 'unlayered') {
      add(1, `server/src/${from.name}/`, 'unlayered', `server/src/${from.name}/ is in no layer (${Object.keys(RANK).join(', ')}, protocol)`);
    }
    const core = from.kind === 'layer' && CORE.has(from.name) && !f.path.startsWith(SOURCES);
    const out_: { to: string; line: number }[] = [];
    edges.set(f.path, out_);

    for (const imp of importsOf(f.text)) {
      const what = `imports '${imp.spec}'${imp.kind === 'static' ? '' : ` (${imp.kind})`}`;
      if (!imp.spec.startsWith('.')) {
        if (isExecModule(imp.spec)) {
          if (f.path !== EXEC) add(imp.line, what, 'exec-only', `only ${EXEC} runs processes`);
        } else if (core && isBuiltin(imp.spec)) {
          add(imp.line, what, 'core-node', `the core (${[...CORE].join(', ')}) imports no node builtin: it does no IO`);
        } else if ((core || f.path.startsWith(SOURCES)) && isVscode(imp.spec)) {
          add(imp.line, what, 'core-vscode', 'the core knows nothing of VS Code or LSP');
        }
        continue;
      }
      const target = resolve(f.path, imp.spec, known);
      if (!isOurs(target)) continue;
      if (f.path.startsWith(SERVER) && target.startsWith(SERVER) && known.has(target)) out_.push({ to: target, line: imp.line });
      const to = areaOf(target);

      if (from.kind === 'client') {
        if (to.kind !== 'client' && to.kind !== 'protocol') {
          add(imp.line, what, 'client-server', 'client/src imports from server/src only server/src/protocol/');
        }
        continue;
      }
      if (from.kind === 'protocol') {
        if (to.kind !== 'protocol') add(imp.line, what, 'protocol-pure', 'server/src/protocol/ imports nothing of ours but itself');
        continue;
      }
      if (from.kind === 'root') {
        add(imp.line, what, 'root-leaf', 'a file at the top of server/src imports nothing of ours');
        continue;
      }
      if (to.kind === 'client') {
        add(imp.line, what, 'client-server', 'server/src imports nothing from client/src');
        continue;
      }
      if (to.kind === 'protocol') {
        if (from.kind !== 'layer' || !PROTOCOL_USERS.has(from.name)) {
          add(imp.line, what, 'protocol-users', 'server/src/protocol/ is imported only by system, lsp, cli and the client');
        }
        continue;
      }
      if (from.kind !== 'layer' || to.kind !== 'layer') continue;
      if (core && target.startsWith(SOURCES)) {
        add(imp.line, what, 'sources', `${SOURCES} does IO: system, lsp and cli load knowledge, the pure core takes it as data`);
        continue;
      }
      const a = RANK[from.name]!;
      const b = RANK[to.name]!;
      if (b > a) {
        add(imp.line, what, 'rank', `${from.name} (rank ${a}) imports only its own layer and lower ranks; ${to.name} is rank ${b}`);
      } else if (b === a && from.name !== to.name) {
        add(imp.line, what, 'sibling', `${from.name} and ${to.name} share rank ${a}: siblings do not import each other`);
      } else if (from.name === 'cli' && to.name === 'lsp' && target.replace(/\.ts$/, '') !== CLI_MAY_USE.replace(/\.ts$/, '')) {
        add(imp.line, what, 'cli-lsp', `cli imports from lsp/ only ${CLI_MAY_USE} (to run the server)`);
      }
    }

    if (core) {
      for (const g of ioGlobalsOf(f.text)) {
        add(g.line, `uses ${g.name}`, 'core-io', 'the core does no IO: no process, timers, require or fetch');
      }
    }
  }

  for (const cycle of cycles(edges)) {
    const first = edges.get(cycle[0]!)!.find((e) => e.to === cycle[1]);
    out.push({
      file: cycle[0]!,
      line: first?.line ?? 1,
      what: `imports in a cycle: ${cycle.join(' -> ')}`,
      rule: 'cycle',
      why: 'no import cycles between files in server/src, type-only ones included',
    });
  }
  return out;
}

/** One cycle per strongly connected component, starting at its first file by name. */
function cycles(edges: Map<string, { to: string; line: number }[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const comps: string[][] = [];
  let counter = 0;

  // Tarjan's algorithm; recursion depth is bounded by the number of files (a few hundred).
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const { to } of edges.get(v) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      const selfLoop = (edges.get(v) ?? []).some((e) => e.to === v);
      if (comp.length > 1 || selfLoop) comps.push(comp);
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);

  return comps
    .map((comp) => {
      const members = new Set(comp);
      const start = [...comp].sort()[0]!;
      // Shortest way back to start, within the component.
      const prev = new Map<string, string>();
      const queue = [start];
      let found: string | null = null;
      while (queue.length > 0 && found === null) {
        const v = queue.shift()!;
        for (const { to } of edges.get(v) ?? []) {
          if (!members.has(to)) continue;
          if (to === start) {
            found = v;
            break;
          }
          if (!prev.has(to)) {
            prev.set(to, v);
            queue.push(to);
          }
        }
      }
      const path_: string[] = [start];
      for (let v = found; v !== null && v !== start; v = prev.get(v) ?? null) path_.splice(1, 0, v);
      path_.push(start);
      return path_;
    })
    .sort((x, y) => x[0]!.localeCompare(y[0]!));
}
