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
  unsetOptionEdits,
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
  for (const intent of intents) {
    if (intent.changes.length === 0) messages.push(`Nothing to do for "${intent.words}": ${intent.notes.join(' ')}`);
    for (const change of intent.changes) messages.push(planChange(change, files, index));
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

function planChange(change: Change, files: Files, index: NixosIndex | undefined): string {
  const name = change.path.join('.');
  switch (change.kind) {
    case 'set':
      return planSet(change.path, change.value.text, files, index, change.group);
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

function planSet(path: string[], valueText: string, files: Files, index: NixosIndex | undefined, group?: number): string {
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
  const target = neighbour(files, path) ?? files.home();
  if (group !== undefined && group < path.length && !definedUnder(files, path.slice(0, group))) {
    const msg = edit(files, target, path.slice(0, group), `{ ${formatAttrPath(path.slice(group))} = ${valueText}; }`, 'Set');
    return msg.startsWith('Set ') ? `Set ${formatAttrPath(path)} = ${valueText} in a new ${formatAttrPath(path.slice(0, group))} set in ${baseName(target)}.` : msg;
  }
  return edit(files, target, path, valueText, 'Set');
}

/** Whether any file defines something at or below `prefix`. */
function definedUnder(files: Files, prefix: readonly string[]): boolean {
  return files.order().some((f) =>
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
  const value = packages
    ? `with pkgs; [ ${missing.map((i) => (i as { package: string }).package).join(' ')} ]`
    : `[ ${missing.map((i) => ('package' in i ? `pkgs.${i.package}` : i.text)).join(' ')} ]`;
  const target = neighbour(files, path) ?? files.home();
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
