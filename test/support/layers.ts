// The layer rules as a pure function: given the sources (path relative to the repository root,
// and text), it returns every import or global use that breaks a rule. No IO here, so the test
// can feed it the real tree and small made-up trees alike (the test of the test).
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

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

// ---- reading a file: TypeScript's own parser, so strings, comments, templates and regexes
// never pass for imports

function parseSource(text: string): ts.SourceFile {
  return ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** Every module a file names: static, type-only, side-effect, re-exports, `import()` and `require()`. */
export function importsOf(text: string): ImportRef[] {
  const source = parseSource(text);
  const out: ImportRef[] = [];
  const add = (spec: ts.Node | undefined, kind: ImportKind, at: ts.Node) => {
    if (spec && ts.isStringLiteralLike(spec)) out.push({ spec: spec.text, kind, line: lineOf(source, at) });
  };
  walk(source, (n) => {
    if (ts.isImportDeclaration(n)) {
      const clause = n.importClause;
      add(n.moduleSpecifier, !clause ? 'side-effect' : clause.isTypeOnly ? 'type' : 'static', n);
    } else if (ts.isExportDeclaration(n)) {
      add(n.moduleSpecifier, 'export-from', n);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) {
      add(n.argument.literal, 'dynamic', n);
    } else if (ts.isCallExpression(n)) {
      if (n.expression.kind === ts.SyntaxKind.ImportKeyword) add(n.arguments[0], 'dynamic', n);
      else if (ts.isIdentifier(n.expression) && n.expression.text === 'require') add(n.arguments[0], 'require', n);
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      add(n.moduleReference.expression, 'require', n);
    }
  });
  return out;
}

/** Whether an identifier names something other than a global: a property, a key or a declaration. */
function namesOther(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) return parent.getChildAt(0) !== id;
  return (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isVariableDeclaration(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isInterfaceDeclaration(parent) ||
      ts.isTypeAliasDeclaration(parent) ||
      ts.isBindingElement(parent)) &&
    (parent as { name?: ts.Node }).name === id
  );
}

/** Uses of IO globals (`process`, timers, `require`, `fetch`, ...) in code, with their lines. */
export function ioGlobalsOf(text: string): { name: string; line: number }[] {
  const source = parseSource(text);
  const out: { name: string; line: number }[] = [];
  walk(source, (n) => {
    if (ts.isIdentifier(n) && IO_GLOBALS.has(n.text) && !namesOther(n)) out.push({ name: n.text, line: lineOf(source, n) });
  });
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
