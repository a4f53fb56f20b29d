// Rename a variable and all its uses. Refuses (with a sentence saying why)
// whenever the result could mean something else: names Nix provides, names
// coming from `with`, function interfaces, and renames that would capture or
// be captured by another binding. `inherit x;` is rewritten to `x = y;` where
// the attribute name must stay while the variable changes.
import { SyntaxKind as K, SyntaxNode, Inherit, lineIndex, unparen } from '../syntax/index.js';
import { nameNodeAt, scopeAt, symbolAt, targetDefinition, type Analysis, type Definition } from '../analysis/index.js';
import type { TextEdit, TextRange } from './types.js';
import { isIdentifier, removeInheritedNameEdit } from './editing.js';

type Err = { error: string };

function resolveTarget(a: Analysis, offset: number): { definition: Definition; range: TextRange } | Err {
  const s = symbolAt(a, offset);
  if (!s) {
    const n = nameNodeAt(a, offset);
    if (n && n.parent?.kind === K.AttrPath)
      return {
        error: `\`${a.text.slice(n.start, n.end)}\` is an attribute name, not a variable: renaming it would change what the set provides to its users, so it is not done automatically.`,
      };
    return { error: 'Put the cursor on a variable name to rename it.' };
  }
  const d = targetDefinition(s);
  if (!d) {
    const r = s.reference!;
    switch (r.resolution.kind) {
      case 'builtin':
        return { error: `\`${r.name}\` is built into Nix and cannot be renamed.` };
      case 'with':
        return { error: `\`${r.name}\` comes from a \`with\` and is only known when the file is evaluated, so it cannot be renamed safely.` };
      default:
        return { error: `\`${r.name}\` is not defined, so there is nothing to rename.` };
    }
  }
  if (d.kind === 'formal')
    return { error: `\`${d.name}\` is an argument callers pass by name; renaming it would change the function's interface. Rename it where the function is called too, by hand.` };
  if (d.kind === 'legacy-let' && d.name === 'body') return { error: '`body` is the result of `let { }` and cannot be renamed.' };
  return { definition: d, range: s.range };
}

export function prepareRename(a: Analysis, offset: number): { range: TextRange; placeholder: string } | Err {
  const t = resolveTarget(a, offset);
  if ('error' in t) return t;
  return { range: t.range, placeholder: t.definition.name };
}

export function rename(a: Analysis, offset: number, newName: string): { edits: TextEdit[] } | Err {
  const t = resolveTarget(a, offset);
  if ('error' in t) return t;
  const d = t.definition;
  if (!isIdentifier(newName)) return { error: `\`${newName}\` is not a valid Nix name: use letters, digits, \`_\`, \`'\` and \`-\`, starting with a letter or \`_\`, and not a keyword.` };
  if (newName === d.name) return { edits: [] };
  const conflict = findConflict(a, d, newName);
  if (conflict) return { error: conflict };

  const edits: TextEdit[] = [];
  // where the definition is written
  for (const nameNode of d.nameNodes) {
    const site = d.sites.find((s) => s === nameNode.parent || s === nameNode.parent?.parent) ?? nameNode.parent!;
    if (site.kind === K.Inherit_ && nameNode.parent === site) {
      const inh = new Inherit(site);
      const from = inh.from();
      const value = from ? `${selectBase(a, from)}.${d.name}` : d.name;
      edits.push(...splitInherit(a, site, nameNode, `${newName} = ${value};`));
    } else edits.push({ start: nameNode.start, end: nameNode.end, newText: newName });
  }
  // where it is used
  for (const r of d.references) {
    if (r.inherit) {
      // `inherit x;` names an attribute (or inner variable) too: keep it, change what it reads
      edits.push(...splitInherit(a, r.inherit, r.node, `${d.name} = ${newName};`));
    } else edits.push({ start: r.range.start, end: r.range.end, newText: newName });
  }
  return { edits: mergeSameInherit(edits) };
}

// `e` of `inherit (e) x;` as the base of a select.
function selectBase(a: Analysis, from: SyntaxNode): string {
  const e = unparen(from)!;
  const text = a.text.slice(from.start, from.end);
  return e.kind === K.IdentExpr || e.kind === K.Select || e.kind === K.AttrSet || e.kind === K.Paren ? text : `(${text})`;
}

/** Takes `name` out of an `inherit` and writes `binding` in its place. */
function splitInherit(a: Analysis, inherit: SyntaxNode, nameNode: SyntaxNode, binding: string): TextEdit[] {
  if (new Inherit(inherit).attrs().length <= 1) return [{ start: inherit.start, end: inherit.end, newText: binding }];
  const ls = a.text.lastIndexOf('\n', inherit.start - 1) + 1;
  const indent = a.text.slice(ls, inherit.start);
  const sep = /^[ \t]*$/.test(indent) ? `\n${indent}` : ' ';
  return [removeInheritedNameEdit(a.text, inherit, nameNode), { start: inherit.end, end: inherit.end, newText: sep + binding }];
}

// Two insertions at the same inherit end would be ambiguous: join them.
function mergeSameInherit(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out.find((o) => o.start === e.start && o.end === e.end && o.start === o.end && e.start === e.end);
    if (prev) prev.newText += e.newText;
    else out.push(e);
  }
  return out;
}

/** Why renaming `d` to `newName` would change meaning, if it would. */
function findConflict(a: Analysis, d: Definition, newName: string): string | undefined {
  const line = (o: number) => lineIndex(a.text).positionAt(o).line + 1;
  const same = d.scope.defs.get(newName);
  if (same) return `\`${newName}\` is already defined in the same scope (line ${line(same.range.start)}).`;
  // a use of d would see another `newName` first
  for (const r of d.references) {
    // `inherit x;` becomes `x = newName;`, whose value is read inside the binding list
    const list = r.inherit?.parent ? a.scopeOf.get(r.inherit.parent) : undefined;
    const inList = list?.defs.get(newName);
    if (inList) return `Renaming would make the use on line ${line(r.range.start)} refer to the other \`${newName}\` (line ${line(inList.range.start)}).`;
    const names = scopeAt(a, r.range.start).names;
    const idxNew = names.findIndex((n) => n.name === newName);
    const idxOld = names.findIndex((n) => n.definition === d);
    if (idxNew >= 0 && (idxOld < 0 || idxNew < idxOld)) {
      const other = names[idxNew]!.definition;
      return `Renaming would make the use on line ${line(r.range.start)} refer to the other \`${newName}\`${other ? ` (line ${line(other.range.start)})` : ''}.`;
    }
  }
  // an existing `newName` inside d's scope would start meaning d
  for (const r of a.references) {
    if (r.name !== newName) continue;
    if (r.resolution.kind === 'local' && r.resolution.definition === d) continue;
    const names = scopeAt(a, r.range.start).names;
    const idxOld = names.findIndex((n) => n.definition === d);
    if (idxOld < 0) continue;
    const idxNew = names.findIndex((n) => n.name === newName);
    if (idxNew >= 0 && idxNew < idxOld) continue; // a nearer newName still wins
    const what = r.resolution.kind === 'builtin' ? 'the builtin' : r.resolution.kind === 'with' ? 'the name from `with`' : 'the other';
    return `Renaming would capture the use of ${what} \`${newName}\` on line ${line(r.range.start)}.`;
  }
  return undefined;
}
