// Every token and node kind of the Nix concrete syntax tree.
// Tokens come first so `kind < FIRST_NODE` tells a token from a node cheaply.
export enum SyntaxKind {
  // ---- trivia
  Whitespace,
  Comment, // `# ...` line comment (without the newline)
  BlockComment, // `/* ... */`
  // ---- literals and names
  Ident,
  Int,
  Float,
  Uri,
  SearchPath, // `<nixpkgs/lib>`
  PathFragment, // literal part of a path (the whole path when not interpolated)
  // ---- keywords
  If,
  Then,
  Else,
  Assert,
  With,
  Let,
  In,
  Rec,
  Inherit,
  OrKw,
  Ellipsis,
  // ---- punctuation
  LBrace,
  RBrace,
  LBrack,
  RBrack,
  LParen,
  RParen,
  Semicolon,
  Colon,
  Comma,
  Dot,
  Assign, // `=`
  At,
  Question,
  DollarCurly, // `${` (in strings, paths and dynamic attribute names)
  InterpEnd, // the `}` that closes a `${`
  // ---- operators
  Plus,
  Minus,
  Star,
  Slash,
  Concat, // ++
  Update, // //
  Lt,
  Le,
  Gt,
  Ge,
  EqEq,
  NotEq,
  AndAnd,
  OrOr,
  Implies, // ->
  Bang,
  // ---- strings
  Quote, // `"`
  IndQuote, // `''`
  StrFragment, // literal text inside a string
  StrEscape, // `\n`, `''$`, `'''`, `''\n`
  // ---- errors
  ErrorToken, // characters that are not a token of the language
  Eof, // never in the tree; what the parser sees past the end

  // ================= nodes
  Root,
  Error,
  Lambda,
  Pattern,
  PatEntry,
  PatBind,
  LetIn,
  LegacyLet,
  AttrSet,
  Binding,
  Inherit_, // the `inherit ...;` node (Inherit is the keyword token)
  InheritFrom,
  AttrPath,
  Dynamic, // `${e}` as an attribute name
  Select,
  Apply,
  UnaryOp,
  BinaryOp,
  HasAttr,
  IfElse,
  WithExpr,
  AssertExpr,
  String,
  IndString,
  Interpolation,
  Path,
  SearchPathExpr,
  UriExpr,
  Literal,
  IdentExpr, // an identifier: variable reference, parameter, attribute name, formal
  List,
  Paren,
}

export const FIRST_NODE = SyntaxKind.Root;

export function isTokenKind(k: SyntaxKind): boolean {
  return k < FIRST_NODE;
}

export function isTrivia(k: SyntaxKind): boolean {
  return k <= SyntaxKind.BlockComment;
}

export function kindName(k: SyntaxKind): string {
  return SyntaxKind[k] ?? `Kind${k}`;
}

// What an unexpected token is called in messages.
const DISPLAY: Partial<Record<SyntaxKind, string>> = {
  [SyntaxKind.Ident]: "identifier",
  [SyntaxKind.Int]: "integer",
  [SyntaxKind.Float]: "float",
  [SyntaxKind.Uri]: "URI",
  [SyntaxKind.SearchPath]: "search path",
  [SyntaxKind.PathFragment]: "path",
  [SyntaxKind.If]: "'if'",
  [SyntaxKind.Then]: "'then'",
  [SyntaxKind.Else]: "'else'",
  [SyntaxKind.Assert]: "'assert'",
  [SyntaxKind.With]: "'with'",
  [SyntaxKind.Let]: "'let'",
  [SyntaxKind.In]: "'in'",
  [SyntaxKind.Rec]: "'rec'",
  [SyntaxKind.Inherit]: "'inherit'",
  [SyntaxKind.OrKw]: "'or'",
  [SyntaxKind.Ellipsis]: "'...'",
  [SyntaxKind.LBrace]: "'{'",
  [SyntaxKind.RBrace]: "'}'",
  [SyntaxKind.LBrack]: "'['",
  [SyntaxKind.RBrack]: "']'",
  [SyntaxKind.LParen]: "'('",
  [SyntaxKind.RParen]: "')'",
  [SyntaxKind.Semicolon]: "';'",
  [SyntaxKind.Colon]: "':'",
  [SyntaxKind.Comma]: "','",
  [SyntaxKind.Dot]: "'.'",
  [SyntaxKind.Assign]: "'='",
  [SyntaxKind.At]: "'@'",
  [SyntaxKind.Question]: "'?'",
  [SyntaxKind.DollarCurly]: "'${'",
  [SyntaxKind.InterpEnd]: "'}'",
  [SyntaxKind.Plus]: "'+'",
  [SyntaxKind.Minus]: "'-'",
  [SyntaxKind.Star]: "'*'",
  [SyntaxKind.Slash]: "'/'",
  [SyntaxKind.Concat]: "'++'",
  [SyntaxKind.Update]: "'//'",
  [SyntaxKind.Lt]: "'<'",
  [SyntaxKind.Le]: "'<='",
  [SyntaxKind.Gt]: "'>'",
  [SyntaxKind.Ge]: "'>='",
  [SyntaxKind.EqEq]: "'=='",
  [SyntaxKind.NotEq]: "'!='",
  [SyntaxKind.AndAnd]: "'&&'",
  [SyntaxKind.OrOr]: "'||'",
  [SyntaxKind.Implies]: "'->'",
  [SyntaxKind.Bang]: "'!'",
  [SyntaxKind.Quote]: "'\"'",
  [SyntaxKind.IndQuote]: "\"''\"",
  [SyntaxKind.StrFragment]: "string text",
  [SyntaxKind.StrEscape]: "escape",
  [SyntaxKind.ErrorToken]: "invalid character",
  [SyntaxKind.Eof]: "end of file",
};

export function displayKind(k: SyntaxKind): string {
  return DISPLAY[k] ?? kindName(k);
}
