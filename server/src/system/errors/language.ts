// Errors of the Nix language itself: syntax, undefined variables, missing and duplicate
// attributes, and other evaluation errors that carry a position in a user file.
import { removeOptionEdit } from '../../analysis/optionEdits.js';
import { nearest } from '../../knowledge/nearestNames.js';
import { NAME_CHAR_SOURCE, SyntaxKind as K, SyntaxNode, attrNameText, exprChildren, isIdentifier } from '../../syntax/index.js';
import type { SystemDiagnostic } from '../../protocol/diagnostics';
import type { ErrorContext, ErrorFix } from './context';
import type { ErrorRecord } from './records';
import { stripPositionSuffix } from './storePaths';

/** Arguments the module system passes to every module. */
const MODULE_ARGS = new Set(['pkgs', 'lib', 'config', 'options', 'modulesPath', 'specialArgs', 'utils', 'inputs', 'self']);
const GLOBALS = [
  'builtins', 'import', 'toString', 'map', 'throw', 'abort', 'true', 'false', 'null', 'derivation',
  'baseNameOf', 'dirOf', 'isNull', 'removeAttrs', 'placeholder', 'fetchTarball', 'fetchGit', 'scopedImport',
];

export function languageDiagnostic(record: ErrorRecord, ctx: ErrorContext): SystemDiagnostic | undefined {
  const first = record.body.split('\n', 1)[0]!;
  const pos = ctx.userPosition(record.positions);

  let m = /^syntax error, (.*)$/.exec(first);
  if (m) {
    if (!pos) return undefined;
    const r = ctx.wordRange(pos.file, pos.offset);
    const at = /expecting ';'/.test(m[1]!) ? missingSemicolon(ctx, pos.file, pos.offset, /^unexpected '='/.test(m[1]!)) : undefined;
    return ctx.diagnostic({
      file: pos.file,
      range: ctx.range(pos.file, r.start, r.end),
      severity: 'error',
      code: 'syntax-error',
      message: `Nix cannot read this file: ${m[1]}. Look for a missing ';', '}' or ']' just before this point.`,
    }, [at === undefined ? undefined : ctx.fix("Insert the missing ';'", pos.file, [{ start: at, end: at, newText: ';' }])]);
  }

  m = /^undefined variable '([^']+)'/.exec(first);
  if (m) return pos ? undefinedVariable(m[1]!, pos.file, pos.offset, ctx) : undefined;

  m = /^attribute '([^']+)' missing/.exec(first);
  if (m) return pos ? missingAttribute(m[1]!, record.body, pos.file, pos.offset, ctx) : undefined;

  m = /^attribute '([^']+)' already defined at (.+):(\d+):(\d+)/.exec(first);
  if (m) return pos ? duplicateAttribute(m[1]!, { file: m[2]!, line: Number(m[3]), column: Number(m[4]) }, pos.file, pos.offset, ctx) : undefined;

  if (/^infinite recursion encountered/.test(first)) {
    const file = pos?.file ?? ctx.configurationFile();
    if (!file) return undefined;
    const r = pos ? ctx.wordRange(file, pos.offset) : undefined;
    return {
      file,
      range: r ? ctx.range(file, r.start, r.end) : ctx.topOfFile(file),
      severity: 'error',
      code: 'infinite-recursion',
      message: 'Nix found a value that depends on itself (infinite recursion). This often comes from `imports` or a `config` value that depends on `config`/`pkgs`; rebuild with --show-trace to see the chain.',
    };
  }
  return undefined;
}

/** Any other evaluation error with a position in a user file. */
export function genericEvalDiagnostic(record: ErrorRecord, ctx: ErrorContext): SystemDiagnostic | undefined {
  const pos = ctx.userPosition(record.positions);
  if (!pos) return undefined;
  const r = ctx.wordRange(pos.file, pos.offset);
  const text = record.body.trim().replace(/\s*\n\s*/g, ' ');
  const fixes: ErrorFix[] = [];
  // `"port: " + 22`: Nix points at the number-valued name; toString makes it a string.
  const word = ctx.text(pos.file)!.slice(r.start, r.end);
  if (/^cannot coerce an? (integer|float|boolean|null|path)/.test(text) && word.split('.').every(isIdentifier)) {
    fixes.push(ctx.fix(`Convert with toString ${word}`, pos.file, [{ ...r, newText: `toString ${word}` }]));
  }
  return ctx.diagnostic({
    file: pos.file,
    range: ctx.range(pos.file, r.start, r.end),
    severity: record.severity,
    code: 'eval-error',
    message: `${sentence(text)} Nix stopped evaluating here; fix the expression at this point and rebuild.`,
  }, fixes);
}

/**
 * Where a forgotten `;` belongs. For `unexpected '='` Nix has read the next binding's name as
 * part of the previous value, so the `;` goes before that name; otherwise right before the
 * unexpected token.
 */
function missingSemicolon(ctx: ErrorContext, file: string, offset: number, beforeBindingName: boolean): number | undefined {
  const units = tokenUnits(ctx.outline(file)!.tree);
  let i = units.findIndex((t) => t.start >= offset);
  if (i < 0) i = units.length;
  if (beforeBindingName) {
    // Step back over the attribute path `a.b."c"` in front of the `=`.
    while (i > 0 && (units[i - 1]!.name || units[i - 1]!.dot)) {
      i--;
      if (units[i]!.name && !units[i - 1]?.dot) break;
    }
  }
  return i > 0 ? units[i - 1]!.end : undefined;
}

interface TokenUnit {
  start: number;
  end: number;
  /** A name or a whole string: what an attribute path is made of. */
  name: boolean;
  dot: boolean;
}

const WORDS: ReadonlySet<K> = new Set([K.Ident, K.If, K.Then, K.Else, K.Assert, K.With, K.Let, K.In, K.Rec, K.Inherit, K.OrKw]);

/** The file's tokens without trivia, each string and path as one unit, in order. */
function tokenUnits(tree: SyntaxNode): TokenUnit[] {
  const out: TokenUnit[] = [];
  const visit = (n: SyntaxNode): void => {
    for (const c of n.children) {
      if (c instanceof SyntaxNode) {
        if (c.kind === K.String || c.kind === K.IndString || c.kind === K.Path) out.push({ start: c.start, end: c.end, name: c.kind !== K.Path, dot: false });
        else visit(c);
      } else if (c.kind > K.BlockComment) {
        out.push({ start: c.start, end: c.end, name: WORDS.has(c.kind), dot: c.kind === K.Dot });
      }
    }
  };
  visit(tree);
  return out;
}

function undefinedVariable(name: string, file: string, offset: number, ctx: ErrorContext): SystemDiagnostic {
  const s = ctx.outline(file)!;
  const text = ctx.text(file)!;
  const end = offset + name.length;
  const fixes: (ErrorFix | undefined)[] = [];
  let advice: string;
  if (MODULE_ARGS.has(name)) {
    const edit = ctx.addArgument(file, name, offset);
    fixes.push(edit && ctx.fix(`Add '${name}' to the function's arguments`, file, [edit]));
    advice = `Add \`${name}\` to the arguments at the top of the file, e.g. \`{ ${name}, ... }:\`.`;
  } else {
    const close = nearest(name, [...s.boundNames, ...GLOBALS]);
    const inList = looksLikePackagePosition(text, offset);
    const index = ctx.input.nixos;
    const packages = index && index.size.packages > 0 ? index.nearestPackages(name, 3) : [];
    if (insideWithPkgs(s.tree, offset)) {
      // `with pkgs;` already looked in pkgs: `pkgs.${name}` would fail the same way. The name is
      // misspelt (or not in this nixpkgs): the nearest real packages are the fixes.
      for (const p of packages) fixes.push(ctx.fix(`Change to the package '${p}'`, file, [{ start: offset, end, newText: p }]));
      for (const c of close) if (!packages.includes(c)) fixes.push(ctx.fix(`Change to '${c}'`, file, [{ start: offset, end, newText: c }]));
      advice = packages.length
        ? `It is looked up in \`with pkgs;\` and nixpkgs has no package of that name. Did you mean \`${packages[0]}\`?`
        : `It is looked up in \`with pkgs;\`, so nixpkgs has no package of that name: check the spelling (\`nix-humanity search ${name}\`).`;
    } else {
      if (inList) {
        const arg = s.boundNames.has('pkgs') ? undefined : ctx.addArgument(file, 'pkgs', offset);
        // with a package listing, the name as written only when it is a package; else the nearest
        const names = index && index.size.packages > 0 ? (index.package(name) ? [name] : packages) : [name];
        for (const n of names) fixes.push(ctx.fix(`Use the package 'pkgs.${n}'`, file, [arg, { start: offset, end, newText: `pkgs.${n}` }]));
      }
      for (const c of close) fixes.push(ctx.fix(`Change to '${c}'`, file, [{ start: offset, end, newText: c }]));
      advice = inList
        ? `If it is a package, write \`pkgs.${name}\` (or put the list inside \`with pkgs; [ ... ]\`).`
        : close.length
          ? `Did you mean \`${close[0]}\`?`
          : 'Define it with `let`, add it to the function\'s arguments, or check the spelling.';
    }
  }
  return ctx.diagnostic(
    {
      file,
      range: ctx.range(file, offset, end),
      severity: 'error',
      code: 'undefined-variable',
      message: `The name \`${name}\` is not defined here. ${advice}`,
    },
    fixes,
  );
}

/** True when the name sits in a list or a `...packages =` value: most likely a package. */
function looksLikePackagePosition(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 400), offset);
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    if (c === ']' || c === '}' || c === ')') depth++;
    else if (c === '(' || c === '{') {
      if (depth === 0) return false;
      depth--;
    } else if (c === '[') {
      if (depth === 0) return true;
      depth--;
    }
  }
  return /[pP]ackages?\s*=\s*$/.test(before);
}

function missingAttribute(name: string, body: string, file: string, offset: number, ctx: ErrorContext): SystemDiagnostic {
  const text = ctx.text(file)!;
  // Nix points at the start of `a.b.name`: find `.name` on the rest of that selection.
  const rest = text.slice(offset, offset + 300);
  const m = new RegExp(`^[^;\\n]*?\\.\\s*("?)${escapeRegExp(name)}\\1(?!${NAME_CHAR_SOURCE})`).exec(rest);
  const start = m ? offset + m[0].length - name.length - m[1]!.length * 2 : offset;
  const end = m ? offset + m[0].length : ctx.wordRange(file, offset).end;
  const suggestions = didYouMean(body);
  const candidates = suggestions.length
    ? suggestions
    : nearest(name, ctx.outline(file)!.bindings.map((b) => b.parts[b.parts.length - 1]?.name ?? ''));
  // Only offer edits when the name itself was found at the position (not e.g. inside a call).
  const fixes = m ? candidates.map((c) => ctx.fix(`Change to '${c}'`, file, [{ start, end, newText: attrNameText(c) }])) : [];
  const advice = candidates.length ? `Did you mean \`${candidates[0]}\`?` : 'Check the spelling, or whether the set has that attribute at all.';
  return ctx.diagnostic(
    {
      file,
      range: ctx.range(file, start, end),
      severity: 'error',
      code: 'missing-attribute',
      message: `The attribute \`${name}\` does not exist in this set. ${advice}`,
    },
    fixes,
  );
}

/** Suggestions from Nix's `Did you mean one of a, b or c?` / `Did you mean a?`. */
export function didYouMean(body: string): string[] {
  const m = /Did you mean (?:one of )?(.+?)\?\s*$/m.exec(body);
  if (!m) return [];
  return m[1]!.split(/,\s*|\s+or\s+/).map((s) => s.trim().replace(/^['`‘]|['’]$/g, '')).filter(Boolean);
}

function duplicateAttribute(
  name: string,
  firstPos: { file: string; line: number; column: number },
  file: string,
  offset: number,
  ctx: ErrorContext,
): SystemDiagnostic {
  // Two literal sets under one name are merged by Nix, so a duplicate is always a plain value:
  // the fix is to keep one of the two.
  const firstFile = ctx.resolver.resolve(stripPositionSuffix(firstPos.file));
  const firstLines = firstFile ? ctx.lines(firstFile) : undefined;
  const firstOffset = firstLines?.nixOffset(firstPos.line, firstPos.column);
  const outline = ctx.outline(file)!;
  const binding = outline.bindings.find((b) => b.range.start === offset);
  const end = binding ? binding.pathRange.end : ctx.wordRange(file, offset).end;
  const where = firstLines && firstOffset !== undefined ? `line ${firstLines.positionAt(firstOffset).line + 1}` : `${firstPos.file}:${firstPos.line}`;
  const fixes: (ErrorFix | undefined)[] = [];
  if (binding) fixes.push(ctx.fix(`Remove this second definition of '${name}'`, file, [removeOptionEdit(outline, binding)]));
  return ctx.diagnostic(
    {
      file,
      range: ctx.range(file, offset, end),
      severity: 'error',
      code: 'duplicate-attribute',
      message: `\`${name}\` is defined twice in the same set (first at ${where}). Keep the one you want and remove the other.`,
    },
    fixes,
  );
}

/** The companion diagnostic on the first definition of a duplicate attribute. */
export function duplicateFirstSite(record: ErrorRecord, ctx: ErrorContext): SystemDiagnostic | undefined {
  const m = /^attribute '([^']+)' already defined at (.+):(\d+):(\d+)/.exec(record.body);
  if (!m) return undefined;
  const file = ctx.resolver.resolve(stripPositionSuffix(m[2]!));
  const lines = file ? ctx.lines(file) : undefined;
  if (!file || !lines) return undefined;
  const offset = lines.nixOffset(Number(m[3]), Number(m[4]));
  const binding = ctx.outline(file)!.bindings.find((b) => b.range.start === offset);
  const end = binding ? binding.pathRange.end : ctx.wordRange(file, offset).end;
  return {
    file,
    range: ctx.range(file, offset, end),
    severity: 'error',
    code: 'duplicate-attribute',
    message: `\`${m[1]}\` is first defined here and then defined again later in the same set. Keep the one you want and remove the other.`,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Whether `offset` lies in the body of a `with pkgs;`. */
function insideWithPkgs(tree: SyntaxNode, offset: number): boolean {
  let n: SyntaxNode | undefined = tree;
  let found = false;
  while (n) {
    if (n.kind === K.WithExpr) {
      const [ns, body] = exprChildren(n);
      if (ns && body && body.start <= offset && offset < body.end && /^pkgs$/.test(ns.kind === K.IdentExpr ? (ns.token(K.Ident)?.text ?? '') : '')) found = true;
    }
    n = n.childNodes().find((c) => c.start <= offset && offset < c.end);
  }
  return found;
}
