// The one rule for names in Nix source: when a name can be written bare, how to quote it when it
// cannot, and how option paths such as `fileSystems."/boot".device` are written and split.

/** Regular-expression sources, for scanners that look for names in text. */
export const NAME_CHAR_SOURCE = "[A-Za-z0-9_'-]";
export const IDENTIFIER_SOURCE = `[A-Za-z_]${NAME_CHAR_SOURCE}*`;

const IDENT = new RegExp(`^${IDENTIFIER_SOURCE}$`);
const NAME_CHAR = new RegExp(NAME_CHAR_SOURCE);

/** Whether `c` (one character) can occur in an identifier after its first character. */
export function isNameChar(c: string): boolean {
  return NAME_CHAR.test(c);
}
const KEYWORDS: ReadonlySet<string> = new Set(['if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit', 'or']);

/** Whether `name` can be written as a bare identifier (a variable or attribute name). */
export function isIdentifier(name: string): boolean {
  return IDENT.test(name) && !KEYWORDS.has(name);
}

/** `name` as written in an attribute path: bare when possible (`or` is allowed there), else quoted. */
export function attrNameText(name: string): string {
  return isIdentifier(name) || name === 'or' ? name : JSON.stringify(name).replace(/\$\{/g, '\\${');
}

/** An attribute path as Nix source: `a.b."c.d"`. */
export function formatAttrPath(path: readonly string[]): string {
  return path.map(attrNameText).join('.');
}

/** Splits an option path as the module system prints it (`a.b."c.d"`) into its names. */
export function splitOptionPath(text: string): string[] {
  const parts: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^.]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) parts.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return parts;
}
