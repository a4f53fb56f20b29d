// Intents -> edits. Each change is made on the syntax tree by the option edit builders
// (analysis/optionEdits.ts), one after another on the updated text, so that two changes to one
// list or one set see each other. The file: the one given, else the module that already sets
// the option (or its neighbours), else configuration.nix. What is already true changes nothing.
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import {
  addArgumentEdit,
  addListItemsEdit,
  innerValueRange,
  listItemTexts,
  packageItemText,
  removeListItemsEdits,
  setOptionEdit,
  setOptionsEdit,
  unsetOptionEdits,
  writesNested,
} from '../analysis/optionEdits.js';
import { locateOption, moduleOutline, optionDefinitions, optionPathOf, type ModuleOutline, type OptionBinding } from '../analysis/optionPaths.js';
import { applyEdits, formatAttrPath, type TextEdit } from '../syntax/index.js';
import type { Change, Intent, ListItem, Plan, Workspace } from './model.js';

const baseName = (f: string) => f.slice(f.lastIndexOf('/') + 1);

class Files {
  readonly texts = new Map<string, string>();
  private readonly outlines = new Map<string, ModuleOutline>();
  constructor(readonly ws: Workspace) {
    for (const [f, t] of ws.files) this.texts.set(f, t);
  }
  outline(file: string): ModuleOutline {
    let o = this.outlines.get(file);
    if (!o) this.outlines.set(file, (o = moduleOutline(this.texts.get(file) ?? '')));
    return o;
  }
  apply(file: string, edits: TextEdit[]): void {
    if (edits.length === 0) return;
    this.texts.set(file, applyEdits(this.texts.get(file) ?? '', edits));
    this.outlines.delete(file);
  }
  /** Files in the order they are asked: the target, the root, then the rest. */
  order(): string[] {
    const first = [this.ws.target, this.ws.root].filter((f): f is string => !!f && this.texts.has(f));
    return [...new Set([...first, ...this.texts.keys()])];
  }
  /** Where a new definition goes when no file has one: the target, configuration.nix, the root. */
  home(): string {
    if (this.ws.target && this.texts.has(this.ws.target)) return this.ws.target;
    if (baseName(this.ws.root) === 'flake.nix') {
      const conf = [...this.texts.keys()].find((f) => baseName(f) === 'configuration.nix');
      if (conf) return conf;
    }
    return this.ws.root;
  }
}

const norm = (s: string) => s.replace(/\s+/g, '').replace(/^(?:lib\.)?mkDefault/, '');
const itemKey = (text: string) => norm(text).replace(/^pkgs\./, '');
const listItemKey = (i: ListItem) => ('package' in i ? i.package : itemKey(i.text));

/** The planned edits for intents over a workspace, with a sentence per change. */
export function planIntents(intents: readonly Intent[], ws: Workspace, index?: NixosIndex): Plan {
  const files = new Files(ws);
  const messages: string[] = [];
  const all = intents.flatMap((i) => i.changes);
  // Changes written together with an earlier one (one new set for several), and what to say of them.
  const written = new Map<Change, string>();
  for (const intent of intents) {
    if (intent.changes.length === 0) messages.push(`Nothing to do for "${intent.words}": ${intent.notes.join(' ')}`);
    for (const change of intent.changes) {
      if (!written.has(change) && change.kind === 'set') for (const [c, m] of planNewSet(change, all, files, index)) written.set(c, m);
      messages.push(written.get(change) ?? planChange(change, files, index));
    }
  }
  const out: Plan = { files: [], messages, changed: false };
  for (const [file, original] of ws.files) {
    const now = files.texts.get(file)!;
    if (now === original) continue;
    out.files.push({ file, edits: [minimalEdit(original, now)] });
    out.changed = true;
  }
  return out;
}

type SetChange = Extract<Change, { kind: 'set' }>;

const startsWith = (path: readonly string[], prefix: readonly string[]) => prefix.length < path.length && prefix.every((c, i) => c === path[i]);

/** Whether setting `path` writes a new definition: no file defines it and it is not the NixOS default. */
function isNew(path: readonly string[], valueText: string, files: Files, index: NixosIndex | undefined): boolean {
  if (files.order().some((f) => locateOption(files.outline(f), path))) return false;
  const dflt = index?.option(path)?.default;
  return dflt === undefined || norm(dflt) !== norm(valueText);
}

/**
 * `change` and the new settings after it in the request written as one new set, when that is
 * how the file would have it: a change with `group` (a new user, PipeWire) always; else, in a
 * file written in nested sets, the settings sharing the shortest prefix that nothing in the file
 * defines yet ("enable ssh, no root login": `openssh = { enable = true; settings... };`). Empty
 * when the change is written on its own; else each change so written, with what to say of it.
 */
function planNewSet(change: SetChange, all: readonly Change[], files: Files, index: NixosIndex | undefined): Map<Change, string> {
  const none = new Map<Change, string>();
  const { path } = change;
  if (!isNew(path, change.value.text, files, index)) return none;
  const target = neighbour(files, path) ?? files.home();
  const o = files.outline(target);
  const nested = writesNested(o);
  if (!nested && change.group === undefined) return none;
  const later = all
    .slice(all.indexOf(change) + 1)
    .filter((d): d is SetChange => d.kind === 'set' && isNew(d.path, d.value.text, files, index) && (neighbour(files, d.path) ?? files.home()) === target);
  let prefix: string[] | undefined;
  if (nested) {
    // The shortest new prefix shared with a later change (no longer than a group's own).
    for (let n = 1; n < Math.min(path.length, (change.group ?? path.length) + 1) && !prefix; n++) {
      const p = path.slice(0, n);
      if (!definedUnder(files, p, target) && later.some((d) => startsWith(d.path, p))) prefix = p;
    }
  }
  if (!prefix && change.group !== undefined && change.group < path.length && !definedUnder(files, path.slice(0, change.group))) prefix = path.slice(0, change.group);
  if (!prefix) return none;
  const members = [change];
  for (const d of later) if (startsWith(d.path, prefix) && !members.some((m) => m.path.join('.') === d.path.join('.'))) members.push(d);
  // A set of one name is written as a path: `system.autoUpgrade = { ... }`, not `system = { autoUpgrade = { ... }; }`.
  while (members.every((m) => m.path.length > prefix!.length + 1 && m.path[prefix!.length] === path[prefix!.length])) prefix = path.slice(0, prefix.length + 1);
  const e = setOptionsEdit(o, prefix, members.map((m) => ({ path: m.path, valueText: m.value.text })), { flake: baseName(target) === 'flake.nix' });
  if (!e) return none;
  const edits = [e];
  if (members.some((m) => /\bpkgs\./.test(m.value.text)) && !o.boundNames.has('pkgs')) {
    const arg = addArgumentEdit(o, 'pkgs', e.start);
    if (arg) edits.push(arg);
  }
  files.apply(target, edits);
  const where = `in a new ${formatAttrPath(prefix)} set in ${baseName(target)}`;
  return new Map(members.map((m) => [m, `Set ${formatAttrPath(m.path)} = ${m.value.text} ${where}.`]));
}

function planChange(change: Change, files: Files, index: NixosIndex | undefined): string {
  const name = change.path.join('.');
  switch (change.kind) {
    case 'set':
      return planSet(change.path, change.value.text, files, index);
    case 'unset': {
      let count = 0;
      for (const f of files.order()) {
        const edits = unsetOptionEdits(files.outline(f), change.path);
        count += edits.length;
        files.apply(f, edits);
      }
      return count ? `Removed ${name}.` : `${name} is not defined: nothing to remove.`;
    }
    case 'listAdd':
      return planListAdd(change.path, change.items, files);
    case 'listRemove': {
      const keys = new Set(change.items.map(listItemKey));
      let removed = 0;
      for (const f of files.order()) {
        for (const b of definitions(files.outline(f), change.path)) {
          const edits = removeListItemsEdits(files.outline(f), b, (t) => keys.has(itemKey(t)));
          if (edits.length) {
            removed += edits.length;
            files.apply(f, edits);
            break; // the outline changed: the next definition is read again on the next file pass
          }
        }
      }
      const what = change.items.map((i) => ('package' in i ? i.package : i.text)).join(', ');
      return removed ? `Removed ${what} from ${name}.` : `${what} ${change.items.length > 1 ? 'are' : 'is'} not in ${name}: nothing to remove.`;
    }
  }
}

function definitions(outline: ModuleOutline, path: readonly string[]): OptionBinding[] {
  return optionDefinitions(outline, path);
}

function planSet(path: string[], valueText: string, files: Files, index: NixosIndex | undefined): string {
  const name = path.join('.');
  for (const f of files.order()) {
    const o = files.outline(f);
    const found = locateOption(o, path);
    if (!found) continue;
    const inner = innerValueRange(found.binding);
    if (!found.partial && norm(o.text.slice(inner.start, inner.end)) === norm(valueText)) {
      return `${name} is already ${valueText} (${baseName(f)}): nothing to change.`;
    }
    return edit(files, f, path, valueText, found.partial ? 'Set' : 'Changed');
  }
  const dflt = index?.option(path)?.default;
  if (dflt !== undefined && norm(dflt) === norm(valueText)) return `${name} is already ${valueText} (the NixOS default): nothing to change.`;
  return edit(files, neighbour(files, path) ?? files.home(), path, valueText, 'Set');
}

/** Whether any file (or only `file`) defines something at or below `prefix`. */
function definedUnder(files: Files, prefix: readonly string[], file?: string): boolean {
  return (file ? [file] : files.order()).some((f) =>
    files.outline(f).bindings.some((b) => {
      const p = optionPathOf(b);
      return b.kind === 'attr' && p.length >= prefix.length && prefix.every((c, i) => c === p[i]);
    }),
  );
}

/** The file that sets the options nearest to `path` (two or more names in common), if any. */
function neighbour(files: Files, path: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestLen = 1;
  for (const f of files.order()) {
    for (const b of files.outline(f).bindings) {
      if (b.kind !== 'attr') continue;
      const p = optionPathOf(b);
      let n = 0;
      while (n < p.length && n < path.length && p[n] === path[n]) n++;
      // Two names in common: `users.users` (the option all users are) puts a new user beside the others.
      if (n >= 2 && n > bestLen) {
        best = f;
        bestLen = n;
      }
    }
  }
  return best;
}

function edit(files: Files, f: string, path: string[], valueText: string, verb: string): string {
  const o = files.outline(f);
  const e = setOptionEdit(o, path, valueText, { flake: baseName(f) === 'flake.nix' });
  if (!e) return `Could not find where to set ${path.join('.')} in ${baseName(f)}.`;
  const edits = [e];
  if (/\bpkgs\./.test(valueText) && !o.boundNames.has('pkgs')) {
    const arg = addArgumentEdit(o, 'pkgs', e.start);
    if (arg) edits.push(arg);
  }
  files.apply(f, edits);
  return `${verb} ${formatAttrPath(path)} = ${valueText} in ${baseName(f)}.`;
}

function planListAdd(path: string[], items: ListItem[], files: Files): string {
  const name = path.join('.');
  const have = new Set<string>();
  let home: { file: string; binding: OptionBinding } | undefined;
  for (const f of files.order()) {
    const o = files.outline(f);
    for (const b of definitions(o, path)) {
      for (const t of listItemTexts(o, b)) have.add(itemKey(t));
      if (!home && addListItemsEdit(o, b, ['x'])) home = { file: f, binding: b };
    }
  }
  const missing = items.filter((i) => !have.has(listItemKey(i)));
  const what = (is: ListItem[]) => is.map((i) => ('package' in i ? i.package : i.text)).join(', ');
  if (missing.length === 0) return `${what(items)} ${items.length > 1 ? 'are' : 'is'} already in ${name}: nothing to change.`;
  if (home) {
    const o = files.outline(home.file);
    const texts = missing.map((i) => ('package' in i ? packageItemText(o, home!.binding, i.package) : i.text));
    const edits = [addListItemsEdit(o, home.binding, texts)!];
    if (texts.some((t) => t.startsWith('pkgs.')) && !o.boundNames.has('pkgs')) {
      const arg = addArgumentEdit(o, 'pkgs', edits[0]!.start);
      if (arg) edits.push(arg);
    }
    files.apply(home.file, edits);
    return `Added ${what(missing)} to ${name} in ${baseName(home.file)}.`;
  }
  const packages = missing.every((i) => 'package' in i);
  const target = neighbour(files, path) ?? files.home();
  // A new package list (a user's packages) in the file's own style: `pkgs.x` where its system packages are written so.
  const system = definitions(files.outline(target), ['environment', 'systemPackages'])[0];
  const dotted = system !== undefined && listItemTexts(files.outline(target), system).length > 0 && listItemTexts(files.outline(target), system).every((t) => t.startsWith('pkgs.'));
  const value = packages && !dotted
    ? `with pkgs; [ ${missing.map((i) => (i as { package: string }).package).join(' ')} ]`
    : `[ ${missing.map((i) => ('package' in i ? `pkgs.${i.package}` : i.text)).join(' ')} ]`;
  const msg = edit(files, target, path, value, 'Set');
  if (packages && !files.outline(target).boundNames.has('pkgs')) {
    const o = files.outline(target);
    const arg = addArgumentEdit(o, 'pkgs', o.body?.start ?? 0);
    if (arg) files.apply(target, [arg]);
  }
  return msg;
}

/** One edit from the first difference to the last. */
function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}
