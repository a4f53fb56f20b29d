// Prints our tree the way `nix-instantiate --parse` (Nix 2.8) prints its AST,
// so tree shapes (precedence, associativity, what applies to what) can be
// compared as strings. Covers the expression forms whose printed form does
// not depend on Nix's symbol table order; anything else gives undefined and
// the caller compares accept/reject only.
import {
  SyntaxKind as K,
  SyntaxNode,
  asApply,
  asAssert,
  asBinaryOp,
  asHasAttr,
  asIfElse,
  asLambda,
  asList,
  asSelect,
  asString,
  asUnaryOp,
  asWith,
  exprChildren,
  unparen,
} from "../../server/src/syntax/index.js";
import type { AttrPath } from "../../server/src/syntax/index.js";

class Unsupported extends Error {}
const no = (why: string): never => {
  throw new Unsupported(why);
};

/** Nix's printed form of the file's expression, or undefined if outside what we mimic. */
export function nixPrinted(root: SyntaxNode): string | undefined {
  try {
    return show(exprChildren(root)[0] ?? no("empty"));
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

// Nix's printString: `"` `\` and `$` escaped, and the three control escapes.
function nixString(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "$") out += "\\$";
    else out += ch;
  }
  return out + '"';
}

function attrPath(p: AttrPath | undefined): string {
  if (!p) return no("attr path");
  return p
    .parts()
    .map((a) => {
      if (a.kind === "ident") return a.name ?? no("name");
      // a static string name becomes a plain symbol, quoted when it is not an identifier
      const name = a.name ?? no("dynamic attribute");
      return /^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(name) ? name : nixString(name);
    })
    .join(".");
}

const BIN: Record<string, (a: string, b: string) => string> = {
  "+": (a, b) => `(${a} + ${b})`,
  "-": (a, b) => `(__sub ${a} ${b})`,
  "*": (a, b) => `(__mul ${a} ${b})`,
  "/": (a, b) => `(__div ${a} ${b})`,
  "<": (a, b) => `(__lessThan ${a} ${b})`,
  ">": (a, b) => `(__lessThan ${b} ${a})`,
  "<=": (a, b) => `(! (__lessThan ${b} ${a}))`,
  ">=": (a, b) => `(! (__lessThan ${a} ${b}))`,
  "==": (a, b) => `(${a} == ${b})`,
  "!=": (a, b) => `(${a} != ${b})`,
  "&&": (a, b) => `(${a} && ${b})`,
  "||": (a, b) => `(${a} || ${b})`,
  "->": (a, b) => `(${a} -> ${b})`,
  "//": (a, b) => `(${a} // ${b})`,
  "++": (a, b) => `(${a} ++ ${b})`,
};

// Operators Nix turns into calls of builtins; an application of such a call
// (even parenthesised) adds arguments to it: `(a - b) c` is `__sub a b c`.
const CALLS: Record<string, string> = { "-": "__sub", "*": "__mul", "/": "__div", "<": "__lessThan", ">": "__lessThan" };

/** [function, arguments] when `n` is an ExprCall in Nix, else undefined. */
function call(n0: SyntaxNode): [string, string[]] | undefined {
  const n = unparen(n0) ?? no("empty parentheses");
  if (n.kind === K.Apply) {
    const a = asApply(n)!;
    const f = a.fn() ?? no("function");
    const arg = show(a.arg() ?? no("argument"));
    const inner = call(f);
    if (inner) return [inner[0], [...inner[1], arg]];
    return [show(f), [arg]];
  }
  if (n.kind === K.BinaryOp) {
    const b = asBinaryOp(n)!;
    const fn = CALLS[b.op];
    if (!fn) return undefined;
    const l = show(b.lhs() ?? no("lhs")),
      r = show(b.rhs() ?? no("rhs"));
    return [fn, b.op === ">" ? [r, l] : [l, r]];
  }
  if (n.kind === K.UnaryOp && asUnaryOp(n)!.op === "-") return ["__sub", ["0", show(asUnaryOp(n)!.operand() ?? no("operand"))]];
  return undefined;
}

function show(n0: SyntaxNode): string {
  // Nix keeps no node for parentheses
  const n = unparen(n0) ?? no("empty parentheses");
  switch (n.kind) {
    case K.IdentExpr:
      return n.token(K.Ident)?.text ?? no("ident");
    case K.Literal: {
      const t = n.token(K.Int) ?? no("float");
      return BigInt(t.text).toString();
    }
    case K.String: {
      const parts = asString(n)!.parts();
      if (parts.length === 0) return '""';
      const shown = parts.map((p) => (p.kind === "literal" ? nixString(p.value) : show(p.expr ?? no("interpolation"))));
      // one literal part is a plain string; anything else is a concatenation
      return parts.length === 1 && parts[0]!.kind === "literal" ? shown[0]! : `(${shown.join(" + ")})`;
    }
    case K.BinaryOp: {
      const c = call(n);
      if (c) return `(${c[0]} ${c[1].join(" ")})`;
      const b = asBinaryOp(n)!;
      return BIN[b.op]!(show(b.lhs() ?? no("lhs")), show(b.rhs() ?? no("rhs")));
    }
    case K.UnaryOp: {
      const c = call(n);
      if (c) return `(${c[0]} ${c[1].join(" ")})`;
      return `(! ${show(asUnaryOp(n)!.operand() ?? no("operand"))})`;
    }
    case K.Apply: {
      const [f, args] = call(n)!;
      return `(${f} ${args.join(" ")})`;
    }
    case K.Select: {
      const s = asSelect(n)!;
      const d = s.default();
      return `(${show(s.base() ?? no("base"))}).${attrPath(s.attrPath())}${d ? ` or (${show(d)})` : ""}`;
    }
    case K.HasAttr: {
      const h = asHasAttr(n)!;
      return `((${show(h.base() ?? no("base"))}) ? ${attrPath(h.attrPath())})`;
    }
    case K.List: {
      const items = asList(n)!.items();
      return `[ ${items.map((e) => `(${show(e)}) `).join("")}]`;
    }
    case K.IfElse: {
      const i = asIfElse(n)!;
      return `(if ${show(i.condition() ?? no("cond"))} then ${show(i.then() ?? no("then"))} else ${show(i.else() ?? no("else"))})`;
    }
    case K.WithExpr: {
      const w = asWith(n)!;
      return `(with ${show(w.namespace() ?? no("ns"))}; ${show(w.body() ?? no("body"))})`;
    }
    case K.AssertExpr: {
      const a = asAssert(n)!;
      return `assert ${show(a.condition() ?? no("cond"))}; ${show(a.body() ?? no("body"))}`;
    }
    case K.Lambda: {
      const l = asLambda(n)!;
      if (l.pattern()) return no("pattern lambda");
      return `(${l.param()?.name ?? no("param")}: ${show(l.body() ?? no("body"))})`;
    }
    case K.AttrSet: {
      // only `{ }`: attribute order in Nix's output follows its symbol table
      if (n.childNodes().length === 0 && !n.token(K.Rec)) return "{ }";
      return no("attribute set");
    }
    default:
      return no(`kind ${K[n.kind]}`);
  }
}
