// A fast-check generator of random VALID Nix expressions covering every
// form. It builds a small AST and prints it with the fewest parentheses the
// grammar allows (plus some redundant ones), so operator precedence and
// associativity are really exercised. Names are unique within each set, let
// and pattern (duplicates are parse errors in Nix); free variables are left
// to a `with { };` around the whole expression.
import fc from "fast-check";

export type Ast =
  | { t: "atom"; text: string }
  | { t: "bin"; op: string; l: Ast; r: Ast }
  | { t: "not"; e: Ast }
  | { t: "neg"; e: Ast }
  | { t: "has"; e: Ast; path: string }
  | { t: "app"; f: Ast; a: Ast }
  | { t: "sel"; e: Ast; path: string; def?: Ast }
  | { t: "list"; items: Ast[] }
  | { t: "paren"; e: Ast }
  | { t: "str"; parts: (string | Ast)[] }
  | { t: "ind"; parts: (string | Ast)[] }
  | { t: "path"; head: string; interp?: Ast; tail: string }
  | { t: "set"; rec: boolean; binds: Bind[] }
  | { t: "let"; binds: Bind[]; body: Ast }
  | { t: "legacyLet"; binds: Bind[]; body: Ast }
  | { t: "lambda"; param: string; body: Ast }
  | { t: "pat"; formals: [string, Ast | undefined][]; ellipsis: boolean; at?: string; atFirst: boolean; body: Ast }
  | { t: "if"; c: Ast; a: Ast; b: Ast }
  | { t: "with"; ns: Ast; body: Ast }
  | { t: "assert"; c: Ast; body: Ast };

export type Bind =
  | { t: "bind"; path: string[]; value: Ast }
  | { t: "inherit"; from?: Ast; names: string[] };

// Binding strength, tightest highest. "expr" forms (lambda, let, if, with,
// assert) are 0: they need parentheses anywhere but in expression slots.
const ATOM = 15,
  SELECT = 14,
  APP = 13,
  NEG = 12,
  HAS = 11;
const BIN: Record<string, { level: number; assoc: "left" | "right" | "none" }> = {
  "->": { level: 1, assoc: "right" },
  "||": { level: 2, assoc: "left" },
  "&&": { level: 3, assoc: "left" },
  "==": { level: 4, assoc: "none" },
  "!=": { level: 4, assoc: "none" },
  "<": { level: 5, assoc: "none" },
  "<=": { level: 5, assoc: "none" },
  ">": { level: 5, assoc: "none" },
  ">=": { level: 5, assoc: "none" },
  "//": { level: 6, assoc: "right" },
  "+": { level: 8, assoc: "left" },
  "-": { level: 8, assoc: "left" },
  "*": { level: 9, assoc: "left" },
  "/": { level: 9, assoc: "left" },
  "++": { level: 10, assoc: "right" },
};
const NOT = 7;

function level(a: Ast): number {
  switch (a.t) {
    case "bin":
      return BIN[a.op]!.level;
    case "not":
      return NOT;
    case "neg":
      return NEG;
    case "has":
      return HAS;
    case "app":
      return APP;
    case "sel":
      return SELECT;
    case "let":
    case "lambda":
    case "pat":
    case "if":
    case "with":
    case "assert":
      return 0;
    default:
      return ATOM;
  }
}

/** Source text of `a`; `min` is the binding strength its position needs. */
export function print(a: Ast, min = 0): string {
  const s = printBare(a);
  return level(a) < min ? `(${s})` : s;
}

function bindText(b: Bind): string {
  if (b.t === "inherit") return `inherit${b.from ? ` (${print(b.from)})` : ""} ${b.names.join(" ")};`;
  return `${b.path.join(".")} = ${print(b.value)};`;
}

function printBare(a: Ast): string {
  switch (a.t) {
    case "atom":
      return a.text;
    case "bin": {
      const { level: l, assoc } = BIN[a.op]!;
      return `${print(a.l, assoc === "left" ? l : l + 1)} ${a.op} ${print(a.r, assoc === "right" ? l : l + 1)}`;
    }
    case "not":
      return `!${print(a.e, NOT + 1)}`;
    case "neg":
      // a space keeps `- -x` from reading as anything else
      return `- ${print(a.e, NEG)}`;
    case "has":
      return `${print(a.e, NEG)} ? ${a.path}`;
    case "app":
      return `${print(a.f, APP)} ${print(a.a, SELECT)}`;
    case "sel":
      return `${print(a.e, ATOM)}.${a.path}${a.def ? ` or ${print(a.def, SELECT)}` : ""}`;
    case "list":
      return a.items.length === 0 ? "[ ]" : `[ ${a.items.map((e) => print(e, SELECT)).join(" ")} ]`;
    case "paren":
      return `(${print(a.e)})`;
    case "str":
      return `"${a.parts.map((p) => (typeof p === "string" ? p : `\${${print(p)}}`)).join("")}"`;
    case "ind":
      return `''${a.parts.map((p) => (typeof p === "string" ? p : `\${${print(p)}}`)).join("")}''`;
    case "path":
      return a.interp ? `${a.head}\${${print(a.interp)}}${a.tail}` : a.head + a.tail;
    case "set":
      return `${a.rec ? "rec " : ""}{ ${a.binds.map(bindText).join(" ")}${a.binds.length ? " " : ""}}`;
    case "let":
      return `let ${a.binds.map(bindText).join(" ")} in ${print(a.body)}`;
    case "legacyLet":
      return `let { ${a.binds.map(bindText).join(" ")} body = ${print(a.body)}; }`;
    case "lambda":
      return `${a.param}: ${print(a.body)}`;
    case "pat": {
      const fs = a.formals.map(([n, d]) => (d ? `${n} ? ${print(d)}` : n));
      if (a.ellipsis) fs.push("...");
      const pat = `{ ${fs.join(", ")}${fs.length ? " " : ""}}`;
      const withAt = a.at ? (a.atFirst ? `${a.at}@${pat}` : `${pat}@${a.at}`) : pat;
      return `${withAt}: ${print(a.body)}`;
    }
    case "if":
      return `if ${print(a.c)} then ${print(a.a)} else ${print(a.b)}`;
    case "with":
      return `with ${print(a.ns)}; ${print(a.body)}`;
    case "assert":
      return `assert ${print(a.c)}; ${print(a.body)}`;
  }
}

// ---------------------------------------------------------------- arbitraries

const VARS = ["a", "b", "c", "f", "g", "x", "y_1", "z'", "foo-bar", "true", "null", "builtins"];
const ATTRS = ["a", "b", "c", "d", "e", "n-1", "x'", "_u"];

const atom: fc.Arbitrary<Ast> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...VARS).map((text): Ast => ({ t: "atom", text })) },
  { weight: 3, arbitrary: fc.nat({ max: 1_000_000 }).map((n): Ast => ({ t: "atom", text: String(n) })) },
  { weight: 1, arbitrary: fc.constantFrom("0", "007", "9223372036854775807").map((text): Ast => ({ t: "atom", text })) },
  { weight: 2, arbitrary: fc.constantFrom("1.5", ".5", "1.", "0.25", "2.5e3", "1.0E-2", "3.e+2").map((text): Ast => ({ t: "atom", text })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom("./a.nix", "../b/c", "/etc/nixos", "~/x/y", "a/b", "./.", "./a-b_c+d/e.f", "<nixpkgs>", "<nixpkgs/lib>")
      .map((text): Ast => ({ t: "atom", text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("https://example.org/x?y=1&z=2", "git+ssh://git@host:repo", "x:y", "mailto:a@b.c")
      .map((text): Ast => ({ t: "atom", text })),
  },
);

// Literal pieces of "..." strings and ''...'' strings, escapes included.
// No piece ends in a lone `$` (it would turn a following `${` into text) and
// no lone `'` in ''...'' (two of them would close the string).
const STR_TEXT = ["a", "b c", " ", "\\\"", "\\\\", "\\n", "\\t", "\\$", "\\x", "$${x}", "$$", "a$b", "''", "'", "\n", "#", "/*"];
const IND_TEXT = ["a", " b", "\n", "\n  ", "''$", "'''", "''\\n", "''\\t", "''${x}", "$$", "a$b", "x'y", "\"", "\\"];
// For shape comparisons: text Nix prints back unchanged.
const PLAIN_TEXT = ["a", "b c", " ", "-", "x_y"];

export interface GenOptions {
  maxDepth?: number;
  /**
   * Only forms whose printed form we can predict (variables, integers, plain
   * strings, operators, application, select, has-attr, lists, if, with,
   * assert, simple lambdas): for comparing tree shapes with Nix's output.
   */
  operatorsOnly?: boolean;
}

export function validExpr({ maxDepth = 4, operatorsOnly = false }: GenOptions = {}): fc.Arbitrary<string> {
  // A counter makes every bound name in a set/let/pattern unique.
  let fresh = 0;
  const name = () => `n${fresh++}`;

  const w = (n: number) => (operatorsOnly ? 0 : n);
  const simpleAtom = fc.oneof(
    fc.constantFrom("a", "b", "c", "f", "g", "x", "y_1", "z'", "foo-bar", "true", "null").map((text): Ast => ({ t: "atom", text })),
    fc.nat({ max: 1000 }).map((n): Ast => ({ t: "atom", text: String(n) })),
  );
  const tree = fc.letrec<{ e: Ast; small: Ast }>((tie) => {
    const e = fc.oneof(
      { depthSize: "small", maxDepth, withCrossShrink: true },
      { weight: 6, arbitrary: operatorsOnly ? simpleAtom : atom },
      {
        weight: 6,
        arbitrary: fc
          .record({ op: fc.constantFrom(...Object.keys(BIN)), l: tie("e"), r: tie("e") })
          .map(({ op, l, r }): Ast => ({ t: "bin", op, l, r })),
      },
      { weight: 1, arbitrary: tie("e").map((x): Ast => ({ t: "not", e: x })) },
      { weight: 1, arbitrary: tie("e").map((x): Ast => ({ t: "neg", e: x })) },
      {
        weight: 1,
        arbitrary: fc
          .record({ x: tie("e"), p: fc.array(fc.constantFrom(...ATTRS, ...(operatorsOnly ? [] : ['"s t"'])), { minLength: 1, maxLength: 3 }) })
          .map(({ x, p }): Ast => ({ t: "has", e: x, path: p.join(".") })),
      },
      { weight: 3, arbitrary: fc.record({ f: tie("e"), a: tie("e") }).map(({ f, a }): Ast => ({ t: "app", f, a })) },
      {
        weight: 2,
        arbitrary: fc
          .record({
            x: tie("e"),
            p: fc.array(fc.constantFrom(...ATTRS, ...(operatorsOnly ? [] : ['"q r"', "or"])), { minLength: 1, maxLength: 3 }),
            d: fc.option(tie("e"), { nil: undefined }),
          })
          .map(({ x, p, d }): Ast => ({ t: "sel", e: x, path: p.join("."), def: d })),
      },
      { weight: 2, arbitrary: fc.array(tie("e"), { maxLength: 4 }).map((items): Ast => ({ t: "list", items })) },
      { weight: 1, arbitrary: tie("e").map((x): Ast => ({ t: "paren", e: x })) },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.oneof(fc.constantFrom(...(operatorsOnly ? PLAIN_TEXT : STR_TEXT)), tie("small")), { maxLength: 5 })
          .map((parts): Ast => ({ t: "str", parts: joinText(parts) })),
      },
      {
        weight: w(2),
        arbitrary: fc
          .array(fc.oneof(fc.constantFrom(...IND_TEXT), tie("small")), { maxLength: 5 })
          .map((parts): Ast => ({ t: "ind", parts: joinText(parts) })),
      },
      {
        weight: w(1),
        arbitrary: fc
          .record({ head: fc.constantFrom("./a/", "../", "/x/", "~/", "a/b/"), interp: tie("small"), tail: fc.constantFrom("", "/c", "/d.nix", "e/f") })
          .map(({ head, interp, tail }): Ast => ({ t: "path", head, interp, tail })),
      },
      { weight: w(3), arbitrary: fc.record({ rec: fc.boolean(), binds: binds(tie("e"), true) }).map(({ rec, binds: bs }): Ast => ({ t: "set", rec, binds: bs })) },
      { weight: w(2), arbitrary: fc.record({ binds: binds(tie("e"), false), body: tie("e") }).map(({ binds: bs, body }): Ast => ({ t: "let", binds: bs, body })) },
      { weight: w(1), arbitrary: fc.record({ binds: binds(tie("e"), false), body: tie("e") }).map(({ binds: bs, body }): Ast => ({ t: "legacyLet", binds: bs, body })) },
      { weight: 2, arbitrary: tie("e").map((body): Ast => ({ t: "lambda", param: name(), body })) },
      {
        weight: w(2),
        arbitrary: fc
          .record({
            defaults: fc.array(fc.option(tie("e"), { nil: undefined }), { maxLength: 3 }),
            ellipsis: fc.boolean(),
            at: fc.boolean(),
            atFirst: fc.boolean(),
            body: tie("e"),
          })
          .map(({ defaults, ellipsis, at, atFirst, body }): Ast => ({
            t: "pat",
            formals: defaults.map((d) => [name(), d] as [string, Ast | undefined]),
            ellipsis,
            at: at ? name() : undefined,
            atFirst,
            body,
          })),
      },
      { weight: 2, arbitrary: fc.record({ c: tie("e"), a: tie("e"), b: tie("e") }).map(({ c, a, b }): Ast => ({ t: "if", c, a, b })) },
      { weight: 1, arbitrary: fc.record({ ns: tie("e"), body: tie("e") }).map(({ ns, body }): Ast => ({ t: "with", ns, body })) },
      { weight: 1, arbitrary: fc.record({ c: tie("e"), body: tie("e") }).map(({ c, body }): Ast => ({ t: "assert", c, body })) },
    );
    return { e, small: fc.oneof(atom, tie("e").map((x): Ast => ({ t: "paren", e: x }))) };
  });

  // Bindings with unique names; dynamic names only where Nix allows them (sets).
  function binds(value: fc.Arbitrary<Ast>, dynamicOk: boolean): fc.Arbitrary<Bind[]> {
    const one = fc.oneof(
      { weight: 5, arbitrary: value.map((v): Bind => ({ t: "bind", path: [name()], value: v })) },
      { weight: 2, arbitrary: fc.record({ v: value, sub: fc.constantFrom("a", "b.c", '"d e"', "or") }).map(({ v, sub }): Bind => ({ t: "bind", path: [name(), ...sub.split(".")], value: v })) },
      { weight: 1, arbitrary: value.map((v): Bind => ({ t: "bind", path: [`"${name()} q"`], value: v })) },
      ...(dynamicOk ? [{ weight: 1, arbitrary: fc.record({ k: value, v: value }).map(({ k, v }): Bind => ({ t: "bind", path: [`\${${print(k)}}`], value: v })) }] : []),
      { weight: 1, arbitrary: fc.constant(null).map((): Bind => ({ t: "inherit", names: [name(), name()] })) },
      { weight: 1, arbitrary: value.map((v): Bind => ({ t: "inherit", from: v, names: [name(), `"${name()}"`] })) },
    );
    return fc.array(one, { maxLength: 3 });
  }

  return tree.e.map((x) => `with { };\n${print(x)}\n`);
}

/** Merge adjacent literal pieces (the generator draws them one by one). */
function joinText(parts: (string | Ast)[]): (string | Ast)[] {
  const out: (string | Ast)[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === "string" && typeof last === "string") out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}
