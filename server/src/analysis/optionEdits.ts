// Edits that set, remove and rename option definitions and add a module argument, as offset
// TextEdits on a file's outline: the build-error fixes use them, and plain-language edits next.
import { SyntaxKind as K, formatAttrPath, lineIndex, type TextEdit } from '../syntax/index.js';
import { locateOption, type ModuleOutline, type OptionBinding } from './optionPaths.js';

export interface SetOptionOptions {
  /**
   * The file is a flake: a new definition goes into the first `modules = [ ... ]` list, as an
   * inline module, rather than into the top set.
   */
  flake?: boolean;
}

/**
 * The edit setting option `path` to `valueText` (Nix source): the value is replaced where the
 * option is already defined (flat or nested); otherwise `path = value;` goes on a line of its own
 * after the last binding of the module body, with the indentation of its first binding.
 * Undefined when there is no place for it (no module body; a flake without `modules`).
 */
export function setOptionEdit(outline: ModuleOutline, path: readonly string[], valueText: string, options: SetOptionOptions = {}): TextEdit | undefined {
  const existing = locateOption(outline, path);
  if (existing && !existing.partial) {
    const { start, end } = existing.binding.valueRange;
    return { start, end, newText: valueText };
  }
  const binding = `${formatAttrPath(path)} = ${valueText};`;
  if (options.flake) {
    const modules = outline.bindings.find((b) => b.path[b.path.length - 1] === 'modules' && outline.text[b.valueRange.start] === '[');
    if (!modules) return undefined;
    const at = modules.valueRange.start + 1;
    return { start: at, end: at, newText: ` { ${binding} }` };
  }
  const body = outline.body;
  if (!body) return undefined;
  const inBody = outline.bindings.filter((b) => b.set === body);
  const indent = lineIndent(outline.text, inBody[0]?.range.start) ?? '  ';
  const last = inBody[inBody.length - 1];
  const at = last ? last.range.end : (body.token(K.LBrace)?.end ?? body.start + 1);
  return { start: at, end: at, newText: `\n${indent}${binding}` };
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

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
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
