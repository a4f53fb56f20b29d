// Edits that set, remove and rename option definitions and add a module argument, as offset
// TextEdits on a file's outline: the build-error fixes use them, and plain-language edits next.
import { SyntaxKind as K, SyntaxNode, asApply, asBinding, asBinaryOp, asParen, asSelect, asWith, exprChildren, formatAttrPath, lineIndex, type TextEdit } from '../syntax/index.js';
import { locateOption, optionPathOf, type ModuleOutline, type OptionBinding } from './optionPaths.js';

export interface SetOptionOptions {
  /**
   * The file is a flake: a new definition goes into the first `modules = [ ... ]` list, as an
   * inline module, rather than into the top set.
   */
  flake?: boolean;
}

/**
 * The edit setting option `path` to `valueText` (Nix source): the value is replaced where the
 * option is already defined (flat or nested); otherwise a new binding is written where a careful
 * person would write it (see `newBindingEdit`). Undefined when there is no place for it (no
 * module body; a flake without `modules`).
 */
export function setOptionEdit(outline: ModuleOutline, path: readonly string[], valueText: string, options: SetOptionOptions = {}): TextEdit | undefined {
  const existing = locateOption(outline, path);
  if (existing && !existing.partial) {
    // Inside `lib.mkIf c v`, `lib.mkDefault v`, ...: the value changes, the condition and priority stay.
    const { start, end } = innerValueRange(existing.binding);
    return { start, end, newText: valueText };
  }
  if (existing) {
    // `a.b = someSet;` and `a.b.c` wanted: a second `a.b.c = v;` would define `a.b` twice (a Nix
    // error), so the value itself is extended.
    const b = existing.binding;
    const rest = path.slice(optionPathOf(b).length);
    const value = asBinding(b.node)!.value();
    const old = outline.text.slice(b.valueRange.start, b.valueRange.end);
    const simple = value && (value.kind === K.IdentExpr || value.kind === K.Select || value.kind === K.Paren || value.kind === K.Apply);
    return { ...b.valueRange, newText: `${simple ? old : `(${old})`} // { ${formatAttrPath(rest)} = ${valueText}; }` };
  }
  return newBindingEdit(outline, path, (rel) => `${formatAttrPath(rel)} = ${valueText};`, options);
}

/**
 * Whether the module writes its settings in nested sets (`services = { openssh = { ... }; };`)
 * rather than flat (`services.openssh.enable = true;`): of the bindings at its top (the body, or
 * `config = { ... }` beside `options`), more have a set literal holding bindings as their value
 * than are dotted paths to other values. `system.stateVersion` is left out (everyone writes it
 * flat), and a module with neither (an empty one) is flat, as nixos-generate-config writes it.
 */
export function writesNested(outline: ModuleOutline): boolean {
  const tops = new Set<SyntaxNode>(outline.body ? [outline.body] : []);
  let sets = 0;
  let dotted = 0;
  for (const b of outline.bindings) {
    if (b.kind !== 'attr' || !tops.has(b.set)) continue;
    const value = unwrapValue(asBinding(b.node)!.value());
    const holdsBindings = value?.kind === K.AttrSet && value.children.some((c) => c instanceof SyntaxNode && c.kind === K.Binding);
    if (b.set === outline.body && b.path.length === 1 && b.path[0] === 'config') {
      if (holdsBindings) tops.add(value!);
    } else if (holdsBindings) sets++;
    else if (b.parts.length > 1 && b.path.join('.') !== 'system.stateVersion') dotted++;
  }
  return sets > dotted;
}

/** A new setting: its path (relative to a prefix where it is used so) and its value as Nix source. */
export interface NewSetting {
  path: readonly string[];
  valueText: string;
}

/**
 * The edit writing several new settings under `prefix` as one set, `prefix = { ... };`, placed
 * like any new binding (inside the deepest set already written for a part of the prefix, the
 * rest of the prefix written out): `services.openssh = { enable = true; settings = { ... }; };`.
 * Settings sharing a further name are nested again when there are two or more of them. The set
 * spans lines unless it goes into a one-line set or a flake's `modules` list. Undefined when
 * something is already defined at or below `prefix` (each setting must then be set on its own)
 * or there is no place for it.
 */
export function setOptionsEdit(outline: ModuleOutline, prefix: readonly string[], settings: readonly NewSetting[], options: SetOptionOptions = {}): TextEdit | undefined {
  if (prefix.length === 0 || settings.length === 0) return undefined;
  const under = outline.bindings.some((b) => {
    const p = optionPathOf(b);
    return b.kind === 'attr' && prefix.every((c, i) => c === p[i]);
  });
  if (under) return undefined;
  const rel = settings.map((s) => ({ path: s.path.slice(prefix.length), valueText: s.valueText }));
  if (rel.some((s) => s.path.length === 0)) return undefined;
  return newBindingEdit(outline, prefix, (names, layout) => `${formatAttrPath(names)} = ${setText(rel, layout)};`, options);
}

/** How the text of a new binding is laid out: on one line, or over lines with this indentation unit. */
interface Layout {
  multiline: boolean;
  unit: string;
}

/** A set literal of settings: one per line (indented by `unit`, the closing brace at column 0) or on one line. */
function setText(settings: readonly NewSetting[], layout: Layout): string {
  const lines: string[] = [];
  const firsts = [...new Set(settings.map((s) => s.path[0]!))];
  for (const name of firsts) {
    const group = settings.filter((s) => s.path[0] === name);
    if (group.length > 1 && group.every((s) => s.path.length > 1)) {
      lines.push(`${formatAttrPath([name])} = ${setText(group.map((s) => ({ path: s.path.slice(1), valueText: s.valueText })), layout)};`);
    } else for (const s of group) lines.push(`${formatAttrPath(s.path)} = ${s.valueText};`);
  }
  if (!layout.multiline) return `{ ${lines.join(' ')} }`;
  return `{\n${lines.map((l) => layout.unit + l.replace(/\n/g, `\n${layout.unit}`)).join('\n')}\n}`;
}

/**
 * The edit adding a new binding for `path`, its text from `binding` (given the names left to
 * write and the layout). It goes into the deepest set literal already written for a proper
 * prefix of the path (`services.openssh = { ... }` gets `settings.PermitRootLogin = "no";`),
 * which is also how a module with `config = { ... }` (or `config = lib.mkIf c { ... }`) beside
 * `options` gets it; else into the module body (a flake: the last module written inline in its
 * `modules` list, else a new one at the head of the list). Inside the set it follows its siblings: after the last binding sharing the
 * longest prefix with it (`services.printing.enable` after the `services.` lines), else after the
 * last binding but before a closing `system.stateVersion`.
 */
function newBindingEdit(outline: ModuleOutline, path: readonly string[], binding: (names: readonly string[], layout: Layout) => string, options: SetOptionOptions): TextEdit | undefined {
  const unit = indentUnit(outline);
  const nested = enclosingSet(outline, path);
  if (nested) return insertIntoSet(outline, nested.set, path.slice(nested.written), binding, unit, false);
  if (options.flake) {
    const modules = outline.bindings.find((b) => b.path[b.path.length - 1] === 'modules' && outline.text[b.valueRange.start] === '[');
    if (!modules) return undefined;
    // Into the last module written inline in the list, else a new one at its head.
    const list = unwrapValue(asBinding(modules.node)!.value());
    const inline = list?.kind === K.List ? exprChildren(list).filter((m) => m.kind === K.AttrSet) : [];
    const own = inline[inline.length - 1];
    if (own) return insertIntoSet(outline, own, path, binding, unit, false);
    const at = modules.valueRange.start + 1;
    return { start: at, end: at, newText: ` { ${binding(path, { multiline: false, unit })} }` };
  }
  const body = outline.body;
  if (!body || body.kind !== K.AttrSet) return undefined;
  return insertIntoSet(outline, body, path, binding, unit, true);
}

/** The file's indentation step: the module body's first binding's indentation beyond its brace's line, else two spaces. */
function indentUnit(outline: ModuleOutline): string {
  const body = outline.body;
  const first = body && outline.bindings.find((b) => b.set === body);
  if (!body || !first) return '  ';
  const inner = lineIndent(outline.text, first.range.start) ?? '';
  const outer = lineIndent(outline.text, body.start) ?? '';
  return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : '  ';
}

/** The end of the line when only blanks and a comment follow `offset` on it (the comment stays with its line), else `offset`. */
function afterLineComment(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return /^[ \t]*(?:#.*)?$/.test(text.slice(offset, end)) ? end : offset;
}

/** The leading whitespace of the line holding `offset`; undefined when there is none. */
function lineIndent(text: string, offset: number | undefined): string | undefined {
  if (offset === undefined) return undefined;
  const lines = lineIndex(text);
  const line = lines.lineText(lines.positionAt(offset).line);
  return /^\s*/.exec(line)![0] || undefined;
}

/** The edit removing a binding, with its line when nothing else is on it. */
export function removeOptionEdit(outline: ModuleOutline, binding: OptionBinding): TextEdit {
  const text = outline.text;
  return { start: lineStartOf(text, binding.range.start), end: lineEndAfter(text, binding.range.end), newText: '' };
}

/** The start of the line when only blanks come before `offset` on it, else `offset`. */
function lineStartOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^\s*$/.test(text.slice(start, offset)) ? start : offset;
}

/** After the line break when only blanks follow `offset` on its line, else `offset`. */
function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl + 1;
  return /^\s*$/.test(text.slice(offset, end)) ? end : offset;
}

/**
 * The edit renaming option `from` to `to` where `binding` defines it (found by locateOption), or
 * undefined when the change lies in an enclosing set the binding does not spell out.
 */
export function renameOptionEdit(binding: OptionBinding, from: readonly string[], to: readonly string[]): TextEdit | undefined {
  const offset = binding.path[0] === 'config' && from[0] !== 'config' ? 1 : 0;
  const written = binding.prefix.length - offset; // names of `from` already given by enclosing sets
  if (written < 0) return undefined;
  if (commonPrefix(from, to) < written) return undefined;
  // The written names become the rest of the new path; names of `from` beyond the binding (a
  // partial match) stay as they are in the value.
  const tail = from.slice(written + binding.parts.length);
  const toTail = to.slice(to.length - tail.length);
  if (tail.join('.') !== toTail.join('.')) return undefined;
  const names = to.slice(written, to.length - tail.length);
  if (names.length === 0) return undefined;
  return { start: binding.pathRange.start, end: binding.pathRange.end, newText: formatAttrPath(names) };
}

function commonPrefix(a: readonly (string | undefined)[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] !== undefined && a[i] === b[i]) i++;
  return i;
}

/**
 * The edit adding `name` to the argument pattern of the module around `offset`: the module's own
 * (outermost) pattern before it, else the nearest pattern before it. A module without arguments
 * (`{ ... }` at the top) becomes a function `{ name, ... }:`. Undefined when `name` is already an
 * argument or there is nowhere to put it.
 */
export function addArgumentEdit(outline: ModuleOutline, name: string, offset: number): TextEdit | undefined {
  const before = outline.patterns.filter((p) => p.open <= offset).sort((a, b) => b.open - a.open);
  const pattern = before.find((p) => p.outermost) ?? before[0];
  if (!pattern) {
    // Before `rec` too: `{ lib, ... }:\nrec { ... }`.
    const body = outline.body;
    return body && { start: body.start, end: body.start, newText: `{ ${name}, ... }:\n` };
  }
  if (pattern.args.some((a) => a.name === name)) return undefined;
  if (pattern.ellipsis) return { start: pattern.ellipsis.start, end: pattern.ellipsis.start, newText: `${name}, ` };
  if (pattern.args.length) {
    // After the last argument and its default, if any: just before the closing brace.
    let at = pattern.close;
    while (at > pattern.open && /\s/.test(outline.text[at - 1]!)) at--;
    return { start: at, end: at, newText: `, ${name}` };
  }
  return { start: pattern.open + 1, end: pattern.open + 1, newText: ` ${name} ` };
}

/** The range of a binding's value inside `with`, parentheses and mkIf/mkDefault/... wrappers. */
export function innerValueRange(binding: OptionBinding): { start: number; end: number } {
  const inner = unwrapValue(asBinding(binding.node)!.value());
  return inner && inner.kind !== K.List ? { start: inner.start, end: inner.end } : binding.valueRange;
}

// ------------------------------------------------------------------ nested sets

/** What a value is, through `with x;`, parentheses and `lib.mkIf c` (and other one-value wrappers). */
export function unwrapValue(n: SyntaxNode | undefined): SyntaxNode | undefined {
  for (let i = 0; n && i < 8; i++) {
    if (n.kind === K.WithExpr) n = asWith(n)!.body();
    else if (n.kind === K.Paren) n = asParen(n)!.inner();
    else if (n.kind === K.Apply) {
      const { fn, args } = asApply(n)!.flatten();
      const name = fn && (fn.kind === K.IdentExpr ? fn.token(K.Ident)?.text : asSelect(fn)?.attrPath()?.parts().pop()?.name);
      if (!name || !/^mk(?:If|Default|Force|Override|Before|After|Order)$/.test(name)) return n;
      n = args[args.length - 1];
    } else return n;
  }
  return n;
}

/**
 * The deepest set literal written for a proper prefix of `path` (`services.openssh = { ... }`,
 * `config = lib.mkIf c { ... }` beside `options`), and how many names of the path it gives.
 * Not a set when a binding outside it already defines the name the new one would add there:
 * `services.openssh.enable = true; services = { openssh... }` defines `openssh` twice, which
 * Nix refuses when the dotted binding comes first.
 */
function enclosingSet(outline: ModuleOutline, path: readonly string[]): { set: SyntaxNode; written: number } | undefined {
  let best: { set: SyntaxNode; written: number } | undefined;
  for (const b of outline.bindings) {
    if (b.kind !== 'attr') continue;
    const p = b.path.length === 1 && b.path[0] === 'config' && b.set === outline.body ? [] : optionPathOf(b);
    if (p.length >= path.length || !p.every((c, i) => c === path[i])) continue;
    const set = unwrapValue(asBinding(b.node)!.value());
    if (set?.kind !== K.AttrSet) continue;
    const child = path.slice(0, p.length + 1);
    const elsewhere = outline.bindings.some((o) => {
      if (o.kind !== 'attr' || (o.range.start >= set.start && o.range.end <= set.end)) return false;
      const q = optionPathOf(o);
      return q.length >= child.length && child.every((c, i) => c === q[i]);
    });
    if (elsewhere) continue;
    if (!best || p.length > best.written) best = { set, written: p.length };
  }
  return best;
}

/**
 * The new binding in `set`, after the sibling `siblingBefore` picks: on a line of its own with
 * the set's indentation, or inline in a one-line set. A set with no bindings gets it after its
 * comments; an empty module body `{ }` is opened up over lines.
 */
function insertIntoSet(outline: ModuleOutline, set: SyntaxNode, names: readonly string[], binding: (names: readonly string[], layout: Layout) => string, unit: string, body: boolean): TextEdit {
  const text = outline.text;
  const inSet = set.children.filter((c): c is SyntaxNode => c instanceof SyntaxNode && (c.kind === K.Binding || c.kind === K.Inherit_));
  const open = set.token(K.LBrace)?.end ?? set.start + 1;
  const close = set.token(K.RBrace)?.start ?? set.end;
  const after = siblingBefore(outline, inSet, names);
  const outer = lineIndent(text, set.start) ?? '';
  if (!text.slice(open, close).includes('\n')) {
    if (after) return { start: after.end, end: after.end, newText: ` ${binding(names, { multiline: false, unit })}` };
    if (!body) return { start: open, end: close, newText: ` ${binding(names, { multiline: false, unit })} ` };
    // `{ }` as the whole module: written out as nixos-generate-config would.
    const own = binding(names, { multiline: true, unit }).replace(/\n/g, `\n${outer}${unit}`);
    return { start: open, end: close, newText: `\n${outer}${unit}${own}\n${outer}` };
  }
  const indent = lineIndent(text, inSet[0]?.start) ?? `${outer}${unit}`;
  const newText = `\n${indent}${binding(names, { multiline: true, unit }).replace(/\n/g, `\n${indent}`)}`;
  if (after) {
    const at = Math.min(afterLineComment(text, after.end), close);
    return { start: at, end: at, newText };
  }
  // No binding yet: after whatever comments the set holds, before the line of its closing brace.
  const nl = text.lastIndexOf('\n', close - 1);
  const at = nl >= open && /^[ \t]*$/.test(text.slice(nl + 1, close)) ? nl : open;
  return { start: at, end: at, newText };
}

/**
 * The binding a new one for `names` (relative to the set) follows: the last one sharing the
 * longest prefix with it, else the last one; never `system.stateVersion` when it comes last
 * (people keep it last, under its long comment): then the one before it.
 */
function siblingBefore(outline: ModuleOutline, inSet: readonly SyntaxNode[], names: readonly string[]): SyntaxNode | undefined {
  const wanted = new Set(inSet);
  const byNode = new Map(outline.bindings.filter((b) => wanted.has(b.node)).map((b) => [b.node, b]));
  const binding = (n: SyntaxNode) => byNode.get(n);
  const last = inSet[inSet.length - 1];
  const lastBinding = last && binding(last);
  const keptLast = inSet.length > 1 && !!lastBinding && optionPathOf(lastBinding).join('.') === 'system.stateVersion';
  const candidates = keptLast ? inSet.slice(0, -1) : inSet;
  let best: SyntaxNode | undefined;
  let bestCommon = 0;
  for (const n of candidates) {
    const common = commonPrefix(binding(n)?.parts.map((p) => p.name) ?? [], names);
    if (common > 0 && common >= bestCommon) {
      best = n;
      bestCommon = common;
    }
  }
  return best ?? candidates[candidates.length - 1];
}

// ------------------------------------------------------------------ lists

/** The list literal of a list option's value: through `with pkgs;`, `mkIf`, and the first list of `a ++ b`. */
export function valueList(binding: OptionBinding): { list: SyntaxNode; withScope: boolean } | undefined {
  let withScope = false;
  for (let p = binding.node.parent; p; p = p.parent) if (p.kind === K.WithExpr) withScope = true;
  const find = (n: SyntaxNode | undefined): SyntaxNode | undefined => {
    if (!n) return undefined;
    switch (n.kind) {
      case K.List:
        return n;
      case K.WithExpr:
        withScope = true;
        return find(asWith(n)!.body());
      case K.Paren:
        return find(asParen(n)!.inner());
      case K.Apply: {
        const u = unwrapValue(n);
        return u === n ? undefined : find(u);
      }
      case K.BinaryOp: {
        const op = asBinaryOp(n)!;
        return op.op === '++' ? (find(op.lhs()) ?? find(op.rhs())) : undefined;
      }
      default:
        return undefined;
    }
  };
  const list = find(asBinding(binding.node)!.value());
  return list && { list, withScope };
}

/** The items of a list option's value, as written. */
export function listItemTexts(outline: ModuleOutline, binding: OptionBinding): string[] {
  const found = valueList(binding);
  return found ? exprChildren(found.list).map((i) => outline.text.slice(i.start, i.end)) : [];
}

/** How a package is written in this list: `pkgs.x` unless the list's items (or an empty list under `with pkgs;`) are bare. */
export function packageItemText(outline: ModuleOutline, binding: OptionBinding, attr: string): string {
  const found = valueList(binding);
  const items = found ? exprChildren(found.list) : [];
  const qualified = items.some((i) => i.kind === K.Select && outline.text.startsWith('pkgs.', i.start));
  const bare = items.some((i) => i.kind === K.IdentExpr || (i.kind === K.Select && !outline.text.startsWith('pkgs.', i.start)));
  if (bare && (found?.withScope || !qualified)) return attr;
  if (!qualified && found?.withScope) return attr;
  return `pkgs.${attr}`;
}

/**
 * The edit adding items (Nix text) at the end of a list option's list: one per line, with the
 * last item's indentation, when the list spans lines; else on the same line. Undefined when the
 * value holds no list literal.
 */
export function addListItemsEdit(outline: ModuleOutline, binding: OptionBinding, items: readonly string[]): TextEdit | undefined {
  const found = valueList(binding);
  if (!found || items.length === 0) return undefined;
  const text = outline.text;
  const list = found.list;
  const open = list.token(K.LBrack)?.end ?? list.start + 1;
  const close = list.token(K.RBrack)?.start ?? list.end;
  const existing = exprChildren(list);
  const last = existing[existing.length - 1];
  if (!text.slice(open, close).includes('\n')) {
    if (last) return { start: last.end, end: last.end, newText: ` ${items.join(' ')}` };
    return { start: open, end: close, newText: ` ${items.join(' ')} ` };
  }
  const indent = lineIndent(text, (last ?? existing[0])?.start) ?? `${lineIndent(text, binding.range.start) ?? ''}  `;
  if (!last) return { start: open, end: open, newText: items.map((i) => `\n${indent}${i}`).join('') };
  const nl = text.indexOf('\n', last.end);
  // After a comment that ends the last item's line, unless the list closes on that line.
  const at = nl < 0 || nl > close ? last.end : nl;
  return { start: at, end: at, newText: items.map((i) => `\n${indent}${i}`).join('') };
}

/** The edits removing the list items `matches` picks, each with its line when it stands alone on it. */
export function removeListItemsEdits(outline: ModuleOutline, binding: OptionBinding, matches: (itemText: string) => boolean): TextEdit[] {
  const found = valueList(binding);
  if (!found) return [];
  const text = outline.text;
  const out: TextEdit[] = [];
  const items = [...exprChildren(found.list)];
  // Every item of `with pkgs; [ ... ]` removed: the `with` would scope nothing (a warning), so the value becomes `[ ]`.
  const w = found.list.parent;
  if (items.length > 0 && items.every((i) => matches(text.slice(i.start, i.end))) && w?.kind === K.WithExpr && asWith(w)!.body() === found.list) {
    return [{ start: w.start, end: w.end, newText: '[ ]' }];
  }
  for (const item of items) {
    if (!matches(text.slice(item.start, item.end))) continue;
    const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
    const nl = text.indexOf('\n', item.end);
    const lineEnd = nl < 0 ? text.length : nl;
    const before = text.slice(lineStart, item.start);
    const after = text.slice(item.end, lineEnd);
    if (/^\s*$/.test(before) && /^\s*(?:#.*)?$/.test(after) && !after.includes(']')) {
      out.push({ start: lineStart, end: Math.min(lineEnd + 1, text.length), newText: '' });
    } else {
      let start = item.start;
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
      out.push({ start, end: item.end, newText: '' });
    }
  }
  return out;
}

/** Edits removing every definition of `path` and below it (outermost bindings only). */
export function unsetOptionEdits(outline: ModuleOutline, path: readonly string[]): TextEdit[] {
  const hits = outline.bindings.filter((b) => {
    if (b.kind !== 'attr') return false;
    const p = optionPathOf(b);
    return p.length >= path.length && path.every((c, i) => c === p[i]);
  });
  const outer = hits.filter((b) => !hits.some((o) => o !== b && o.range.start <= b.range.start && b.range.end <= o.range.end));
  return outer.map((b) => removeOptionEdit(outline, b));
}
