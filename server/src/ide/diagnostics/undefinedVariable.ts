// `{ config, ... }: pkgs.git`  ->  error undefined-variable on `pkgs`, fix `{ config, pkgs, ... }:`
import { SyntaxKind as K, SyntaxNode, exprChildren } from '../../syntax/index.js';
import { scopeAt, GLOBAL_NAMES, type Analysis, type Reference } from '../../analysis/index.js';
import type { Diagnostic, Fix } from '../types.js';
import { addFormalEdit } from '../editing.js';
import { editDistance } from '../../knowledge/nearestNames.js';
import { hasParseErrorIn, referencesBy } from './support.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import { isModuleFile } from '../nixosContext.js';

/** Names NixOS modules receive as arguments: a fix may add them to the function's `{ ... }:`. */
export const MODULE_ARGS: ReadonlySet<string> = new Set(['pkgs', 'lib', 'config', 'options', 'modulesPath']);

/** The references resolved through a `with`, by name (made when first asked). */
export type WithResolved = (name: string) => readonly Reference[];

export function withResolvedByName(a: Analysis): WithResolved {
  return referencesBy<string>(a, (r, add) => {
    if (r.resolution.kind === 'with') add(r.name);
  });
}

/**
 * Whether a new variable `name` over `node` would take over a reference that
 * now comes from a `with` inside it (`with` never overrides variables).
 */
function wouldCaptureWithName(node: SyntaxNode, name: string, withNames: WithResolved): boolean {
  for (const r of withNames(name)) if (r.node.start >= node.start && r.node.end <= node.end) return true;
  return false;
}

export function undefinedVariable(a: Analysis, r: Reference, withNames: WithResolved, index?: NixosIndex): Diagnostic {
  const name = r.name;
  const moduleArg = MODULE_ARGS.has(name);
  const argFixes: Fix[] = [];
  const lambda = enclosingPatternLambda(r.node, withNames);
  // The module system passes a module only the arguments it has: adding any other name to a
  // module's own arguments makes evaluation fail, so that is never offered.
  const moduleOwn = lambda !== undefined && lambda === fileLambda(a) && isModuleFile(a);
  if (lambda && (!moduleOwn || moduleArg)) {
    // (a pattern the parser could not read stays broken whatever is added to it)
    const pattern = lambda.node(K.Pattern)!;
    if (!wouldCaptureWithName(lambda, name, withNames) && !hasParseErrorIn(a, pattern))
      argFixes.push({ title: `Add \`${name}\` to the function's arguments`, edits: [addFormalEdit(a.text, lambda.node(K.Pattern)!, name)] });
  } else if (moduleArg) {
    // a module written as a bare attribute set: make it a function of its arguments
    const root = exprChildren(a.tree)[0];
    if (root && root.kind !== K.Lambda && !wouldCaptureWithName(a.tree, name, withNames))
      argFixes.push({ title: `Make this file a function of \`{ ${name}, ... }\``, edits: [{ start: root.start, end: root.start, newText: `{ ${name}, ... }:\n\n` }] });
  }
  const suggestions = suggestNames(a, r, withNames);
  const renameFixes: Fix[] = suggestions.map((s) => ({ title: `Change to \`${s}\``, edits: [{ start: r.range.start, end: r.range.end, newText: s }] }));
  // a package name written without `pkgs.` where `pkgs` is at hand
  const pkg = !moduleArg && index?.package(name) && scopeAt(a, r.range.start).names.some((n) => n.name === 'pkgs');
  if (pkg) renameFixes.unshift({ title: `Use the package \`pkgs.${name}\``, edits: [{ start: r.range.start, end: r.range.start, newText: 'pkgs.' }] });
  // a module argument is most likely missing from the arguments; anything else most likely misspelt
  const fixes = moduleArg || renameFixes.length === 0 ? [...argFixes, ...renameFixes] : [...renameFixes, ...argFixes];
  if (fixes[0] && (moduleArg || renameFixes.length > 0)) fixes[0].preferred = true;
  let message = `\`${name}\` is not defined here.`;
  if (moduleArg) message += ` NixOS modules receive \`${name}\` as an argument: add it to the function's \`{ ... }:\` arguments.`;
  else if (pkg) message += ` It is a package: write \`pkgs.${name}\`, or put the list inside \`with pkgs; [ ... ]\`.`;
  else if (suggestions[0]) message += ` Did you mean \`${suggestions[0]}\`?`;
  else if (moduleOwn) message += ' Define it with `let` or check the spelling: a NixOS module receives only the module system\'s arguments (`config`, `lib`, `pkgs`, `options`, `modulesPath` and any `specialArgs`).';
  else message += ' Define it with `let`, take it as an argument, or check the spelling.';
  return { start: r.range.start, end: r.range.end, severity: 'error', code: 'undefined-variable', message, fixes };
}

/** The lambda the whole file is, if it is one. */
function fileLambda(a: Analysis): SyntaxNode | undefined {
  let e = exprChildren(a.tree)[0];
  while (e && e.kind === K.Paren) e = exprChildren(e)[0];
  return e && e.kind === K.Lambda ? e : undefined;
}

/**
 * What one diagnostics run shares between its undefined names (`withNames` is made once per
 * run, so it keys the run). Without it, 100 000 undefined names at the bottom of a chain
 * 100 000 deep (`f x x x ...`, left-nested applications) walk 10^10 parents, and 20 000 in a
 * `let` of 20 000 names compare 4 * 10^8 names for suggestions.
 */
interface RunState {
  /** enclosingPatternLambda's answers, by node. */
  lambdas: Map<SyntaxNode, SyntaxNode | null>;
  /** Suggestions left to make: the server shows 500 diagnostics at most, so the first ones are those that count. */
  suggestionsLeft: number;
  /** Names in scope left to read for them (a scope of 100 000 names is read 10 times, not 500). */
  namesLeft: number;
}

export const MAX_SUGGESTED = 500;

const runs = new WeakMap<WithResolved, RunState>();

function runState(run: WithResolved): RunState {
  let state = runs.get(run);
  if (!state) runs.set(run, (state = { lambdas: new Map(), suggestionsLeft: MAX_SUGGESTED, namesLeft: 1_000_000 }));
  return state;
}

function enclosingPatternLambda(n: SyntaxNode, run: WithResolved): SyntaxNode | undefined {
  const cache = runState(run).lambdas;
  const walked: SyntaxNode[] = [];
  let found: SyntaxNode | null = null;
  for (let p = n.parent; p; p = p.parent) {
    const known = cache.get(p);
    if (known !== undefined) {
      found = known;
      break;
    }
    if (p.kind === K.Lambda && p.node(K.Pattern)) {
      found = p;
      break;
    }
    walked.push(p);
  }
  for (const w of walked) cache.set(w, found);
  return found ?? undefined;
}

function suggestNames(a: Analysis, r: Reference, run: WithResolved): string[] {
  // one- and two-letter names are too short for a guess to mean anything
  if (r.name.length <= 2) return [];
  const state = runState(run);
  if (state.suggestionsLeft <= 0 || state.namesLeft <= 0) return [];
  state.suggestionsLeft--;
  const max = r.name.length <= 4 ? 1 : 2;
  const target = r.name.toLowerCase();
  const found: { c: string; d: number }[] = [];
  const seen = new Set<string>();
  const consider = (c: string) => {
    // (a let in a big file has thousands of names: the length settles most without a distance)
    if (seen.has(c) || c === r.name || Math.abs(c.length - target.length) > max) return;
    seen.add(c);
    const d = editDistance(c.toLowerCase(), target, max);
    if (d <= max) found.push({ c, d });
  };
  const inScope = scopeAt(a, r.range.start).names;
  state.namesLeft -= inScope.length;
  for (const n of inScope) consider(n.name);
  for (const g of GLOBAL_NAMES) consider(g);
  return found
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map((x) => x.c);
}
