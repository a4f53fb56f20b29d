// Runs the checks that need NixOS knowledge (options and packages) over a module: which
// bindings set options and which names come from `pkgs` are found once here, for all of them.
//
// Keystrokes: the option bindings are read on memberOutline (nixosSettings), which skips what
// no module setting can be in (a file of inline modules in `imports` is not walked below the
// list). Reading them still walks a long module body whole, too slow to redo on every
// keystroke: its top-level bindings are checked one by one, and
// what each gave is remembered by its text (per index, while the module's own declarations stay
// the same): an edit re-checks only the binding it touched.
import { SyntaxKind as K, asSelect, ownString, unparen, type SyntaxNode } from '../../syntax/index.js';
import { analyze, type Analysis } from '../../analysis/index.js';
import { firstName, moduleOptions, type OptionSetting } from '../../analysis/moduleKind.js';
import { moduleOutline } from '../../analysis/optionPaths.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import { fromWithPkgs, isModuleFile, nixosFile, nixosSettings, pkgsFirstName, shapeOf, type NixosFile } from '../nixosContext.js';
import type { Diagnostic } from '../types.js';
import { optionType } from './optionType.js';
import { renamedOption } from './renamedOption.js';
import { unfreeAllowed, unfreePackage } from './unfreePackage.js';
import { unknownOption, type NearestBudget } from './unknownOption.js';
import { unknownPackage } from './unknownPackage.js';

export function nixosChecks(a: Analysis, index: NixosIndex, out: Diagnostic[]): void {
  const size = index.size;
  if (size.options === 0 && size.packages === 0 && !index.hasRenames) return;
  let allowsUnfree = byBinding(a, index, out);
  let file: NixosFile | undefined;
  if (allowsUnfree === undefined) {
    file = nixosSettings(a);
    if (file) {
      out.push(...optionChecks(a, file, file.options.settings, index, { nearest: 8 }));
      allowsUnfree = unfreeAllowed(file.options.settings);
    }
  }
  if (size.packages === 0 || !(file || isModuleFile(a) || shapeOf(a).flakeModules)) return;
  const pkgsWiths = new Map<SyntaxNode, boolean>();
  for (const r of a.references) {
    let name: string;
    // (what the range is read from: most names are known packages, which need none)
    let at: SyntaxNode | undefined;
    let withPkgs = false;
    if (r.name === 'pkgs' && r.resolution.kind !== 'undefined') {
      const sel = r.node.parent;
      if (sel?.kind !== K.Select || unparen(asSelect(sel)!.base()) !== r.node) continue;
      const p = pkgsFirstName(sel);
      if (!p) continue;
      ({ name, node: at } = p);
    } else if (r.resolution.kind === 'with' && fromWithPkgs(a, r, pkgsWiths)) {
      name = r.name;
      withPkgs = true;
    } else continue;
    const known = index.package(name);
    if (known && (!known.unfree || allowsUnfree)) continue;
    const range = at ? { start: at.start, end: at.end } : r.range;
    if (known) {
      // a NixOS module, or a flake with inline ones (the whole outline, for the fixes' place, is
      // read only when a fix is asked for)
      if (shapeOf(a).kind !== 'nixos' && !nixosFile(a)) continue;
      const d = unfreePackage(a, () => nixosFile(a), known, range);
      if (d) out.push(d);
    } else {
      const d = unknownPackage(a, name, range, withPkgs, index);
      if (d) out.push(d);
    }
  }
}

function optionChecks(a: Analysis, file: NixosFile, settings: readonly OptionSetting[], index: NixosIndex, budget: NearestBudget): Diagnostic[] {
  const out: Diagnostic[] = [];
  const options = index.size.options > 0;
  for (const s of settings) {
    const d = renamedOption(a, s, index) ?? (options ? (unknownOption(a, file, s, index, budget) ?? optionType(a, s, index)) : undefined);
    if (d) out.push(d);
  }
  return out;
}

/** What one top-level binding gave, offsets from its start. */
interface Checked {
  diagnostics: Diagnostic[];
  allowsUnfree: boolean;
  declared: string[][];
}

const remembered = new WeakMap<NixosIndex, { context: string; byText: Map<string, Checked> }>();

/** Below this many top-level bindings, the whole file is checked at once. */
const MANY_BINDINGS = 40;

/**
 * The option checks of a long module with one body, binding by binding (see the top of the
 * file); whether the module allows unfree packages. Undefined when the file is no such module.
 */
function byBinding(a: Analysis, index: NixosIndex, out: Diagnostic[]): boolean | undefined {
  const shape = shapeOf(a);
  const body = shape.roots[0];
  if (shape.kind !== 'nixos' || shape.roots.length !== 1 || body?.kind !== K.AttrSet) return undefined;
  const bindings: SyntaxNode[] = [];
  for (const c of body.childNodes()) {
    if (c.kind === K.Binding) bindings.push(c);
    else if (c.kind === K.Inherit_ || c.kind === K.Error) return undefined;
  }
  if (bindings.length < MANY_BINDINGS || body.token(K.Rec)) return undefined;
  // the module's own declarations decide what is unknown: they key what is remembered
  const declared: string[][] = [];
  const own: SyntaxNode[] = [];
  for (const b of bindings) {
    const first = firstName(b);
    // (`config = { ... }` holds the module; such modules are short: checked whole)
    if (!first || first === 'config') return undefined;
    if (first === 'options') own.push(b);
  }
  let memo = remembered.get(index);
  if (!memo) remembered.set(index, (memo = { context: '', byText: new Map() }));
  for (const b of own) declared.push(...check(a, b, index, [], memo.byText).declared);
  const context = JSON.stringify(declared);
  if (memo.context !== context || memo.byText.size > 20_000) memo = { context, byText: new Map() };
  remembered.set(index, memo);
  const budget = { nearest: 8 };
  const texts = bindings.map((b) => a.text.slice(b.start, b.end));
  let misses = 0;
  for (const t of texts) if (!memo.byText.has(t)) misses++;
  // (on opening, or after a change to the declarations, one walk over the file beats reading
  // each binding alone)
  if (misses > MANY_BINDINGS) checkAll(a, bindings, texts, index, declared, memo.byText, budget);
  let allowsUnfree = false;
  for (const b of bindings) {
    const c = check(a, b, index, declared, memo.byText, budget);
    allowsUnfree ||= c.allowsUnfree;
    for (const d of c.diagnostics) out.push(shift(d, b.start));
  }
  return allowsUnfree;
}

/** Every top-level binding checked in one walk over the whole file, each result remembered. */
function checkAll(a: Analysis, bindings: SyntaxNode[], texts: string[], index: NixosIndex, declared: string[][], byText: Map<string, Checked>, budget: NearestBudget): void {
  const whole = nixosFile(a);
  if (!whole) return;
  const file: NixosFile = { outline: whole.outline, options: { ...whole.options, declared } };
  const checked: Checked[] = bindings.map(() => ({ diagnostics: [], allowsUnfree: false, declared: [] }));
  // the top-level binding around an offset (bindings are in document order)
  const owner = (offset: number): number => {
    let lo = 0,
      hi = bindings.length - 1,
      found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (bindings[mid]!.start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && offset < bindings[found]!.end ? found : -1;
  };
  for (const s of whole.options.settings) {
    const i = owner(s.binding.node.start);
    if (i >= 0 && unfreeAllowed([s])) checked[i]!.allowsUnfree = true;
  }
  for (const d of optionChecks(a, file, whole.options.settings, index, budget)) {
    const i = owner(d.start);
    if (i >= 0) checked[i]!.diagnostics.push(shift(d, -bindings[i]!.start));
  }
  for (let i = 0; i < bindings.length; i++) {
    // (the module's own declarations were read binding by binding already, with theirs)
    if (firstName(bindings[i]!) !== 'options' && !byText.has(texts[i]!)) byText.set(ownString(texts[i]!), checked[i]!);
  }
}

/** One top-level binding checked alone (remembered by its text). */
function check(a: Analysis, binding: SyntaxNode, index: NixosIndex, declared: string[][], byText: Map<string, Checked>, budget: NearestBudget = { nearest: 8 }): Checked {
  const text = a.text.slice(binding.start, binding.end);
  const known = byText.get(text);
  if (known) return known;
  // read alone as the body of a module: `{\n<binding>\n}` (2 characters before it)
  const sub = analyze(`{\n${text}\n}`);
  const set = sub.tree.childNodes()[0];
  const outline = moduleOutline(sub.text, sub.tree);
  const options = moduleOptions(outline, set ? [set] : []);
  const file: NixosFile = { outline, options: { ...options, declared: [...declared, ...options.declared] } };
  const checked: Checked = {
    diagnostics: optionChecks(sub, file, options.settings, index, budget).map((d) => shift(d, -2)),
    allowsUnfree: unfreeAllowed(options.settings),
    declared: options.declared,
  };
  // (a key of its own: the slice would keep this version's whole text alive, see ownString)
  byText.set(ownString(text), checked);
  return checked;
}


function shift(d: Diagnostic, by: number): Diagnostic {
  const move = <T extends { start: number; end: number }>(r: T): T => ({ ...r, start: r.start + by, end: r.end + by });
  return { ...move(d), ...(d.fixes ? { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map(move) })) } : {}) };
}
