// Finds where a file defines an option path. Module-system errors name the option and the file
// but no line, so we look for `a.b.c = v;`, `a = { b = { c = v; }; };`, `a.b = { c = v; };`,
// `a = mkIf cond { b.c = v; };` and the same under an explicit `config = { ... }`.
import type { Binding, NixStructure } from './nixStructure';

export interface Located {
  binding: Binding;
  /** True when only a prefix of the path is written in the file (e.g. `a.b = someVariable;`). */
  partial: boolean;
}

export function locateDefinition(structure: NixStructure, path: readonly string[], valueText?: string): Located | undefined {
  const exact = structure.bindings.filter((b) => b.kind === 'attr' && (samePath(b.path, path) || samePath(b.path, ['config', ...path])));
  if (exact.length) return { binding: pickByValue(structure.text, exact, valueText), partial: false };
  // Longest written prefix whose value is not a set we could look into.
  let best: Binding | undefined;
  for (const b of structure.bindings) {
    if (b.kind !== 'attr') continue;
    const p = b.path[0] === 'config' && path[0] !== 'config' ? b.path.slice(1) : b.path;
    if (p.length < path.length && p.length > 1 && p.every((c, i) => c === path[i]) && structure.text[b.valueStart] !== '{') {
      if (!best || b.path.length > best.path.length) best = b;
    }
  }
  return best ? { binding: best, partial: true } : undefined;
}

function pickByValue(text: string, candidates: Binding[], valueText: string | undefined): Binding {
  if (candidates.length === 1 || valueText === undefined) return candidates[0]!;
  const want = normalise(valueText);
  return candidates.find((b) => normalise(text.slice(b.valueStart, b.valueEnd)) === want)
    ?? candidates.find((b) => normalise(text.slice(b.valueStart, b.valueEnd)).includes(want))
    ?? candidates[0]!;
}

function normalise(value: string): string {
  return value.replace(/\s+/g, '').replace(/^(?:lib\.)?(?:mkForce|mkDefault)/, '');
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/**
 * The edit renaming option path `from` to `to` on a located binding, as [start, end, text], or
 * undefined when the change lies in an enclosing set the binding does not spell out.
 */
export function renameEdit(binding: Binding, from: readonly string[], to: readonly string[], format: (p: string[]) => string):
  { start: number; end: number; newText: string } | undefined {
  const offset = binding.path[0] === 'config' && from[0] !== 'config' ? 1 : 0;
  const written = binding.prefix.length - offset; // components of `from` already given by enclosing sets
  if (written < 0) return undefined;
  const common = commonPrefix(from, to);
  if (common < written) return undefined;
  // Replace the written components with the rest of the new path; any components of `from`
  // beyond the binding (a partial match) are kept as they are in the value.
  const coveredEnd = written + binding.components.length;
  const tail = from.slice(coveredEnd);
  const toTail = to.slice(to.length - tail.length);
  if (tail.join('.') !== toTail.join('.')) return undefined;
  const newComponents = to.slice(written, to.length - tail.length);
  if (newComponents.length === 0) return undefined;
  return {
    start: binding.components[0]!.start,
    end: binding.components[binding.components.length - 1]!.end,
    newText: format(newComponents),
  };
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
