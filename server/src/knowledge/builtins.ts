// Documentation for Nix builtins as plain data. The embedded descriptions are
// our own short summaries, so hover and completion work without running Nix;
// `knowledgeFromDump` lays the installed Nix's own docs (`nix __dump-builtins`)
// over them when the LSP layer can run it.

export interface BuiltinDoc {
  name: string;
  args: string[];
  doc: string;
  /** Number of arguments; 0 for constants such as `currentSystem`. */
  arity?: number;
  /** Also bound without `builtins.` (e.g. `map`, `toString`). */
  global?: boolean;
}

export interface Knowledge {
  builtins: Map<string, BuiltinDoc>;
}

// name | arguments | description. `*` before a name: bound globally too.
const EMBEDDED = `
*abort | s | Stops evaluation with the message *s*. Unlike \`throw\`, \`tryEval\` cannot catch it.
add | a b | The sum of two numbers.
addErrorContext | context value | Returns *value*, adding *context* to any error its evaluation raises.
all | pred list | \`true\` when *pred* holds for every element of *list* (also for an empty list).
any | pred list | \`true\` when *pred* holds for at least one element of *list*.
appendContext | s context | Returns *s* with extra string context (store path dependencies) attached.
attrNames | set | The names of the attributes of *set*, sorted alphabetically.
attrValues | set | The values of the attributes of *set*, ordered by attribute name.
*baseNameOf | s | The last component of a path or string: everything after the final \`/\`.
bitAnd | a b | Bitwise AND of two integers.
bitOr | a b | Bitwise OR of two integers.
bitXor | a b | Bitwise exclusive OR of two integers.
break | value | In the debugger (\`--debugger\`), pauses evaluation here; otherwise returns *value*.
*builtins | | The set holding every builtin function and constant.
catAttrs | name list | From a list of sets, the values of attribute *name* in those sets that have it.
ceil | number | Rounds a number up to the nearest integer.
compareVersions | a b | Compares two version strings: -1, 0 or 1 when *a* is older, equal or newer.
concatLists | lists | Joins a list of lists into one list.
concatMap | f list | Applies *f* (which returns a list) to each element and joins the results.
concatStringsSep | sep list | Joins a list of strings with *sep* between them.
convertHash | args | Converts a hash between encodings (\`base16\`, \`nix32\`, \`base64\`, \`sri\`).
currentSystem | | The system type Nix runs on, such as \`"x86_64-linux"\` (not available in pure evaluation).
currentTime | | Seconds since the Unix epoch when evaluation started (not available in pure evaluation).
deepSeq | a b | Evaluates *a* completely (including nested values), then returns *b*.
*derivation | attrs | Describes a build: needs \`name\`, \`system\` and \`builder\`; returns a set with \`outPath\` and \`drvPath\`.
derivationStrict | attrs | The primitive behind \`derivation\`: returns only the output paths.
*dirOf | s | Everything before the last \`/\` of a path or string: its directory.
div | a b | Divides *a* by *b* (integer division for integers).
elem | x list | \`true\` when *x* is equal to an element of *list*.
elemAt | list n | The element at index *n* (from 0) of *list*; an error when out of range.
*false | | The boolean false.
fetchClosure | args | Copies a store path closure from a binary cache (experimental).
*fetchGit | args | Fetches a Git repository (a URL or \`{ url, rev, ref, ... }\`) into the store at evaluation time.
*fetchMercurial | args | Fetches a Mercurial repository into the store at evaluation time.
*fetchTarball | args | Downloads and unpacks a tarball (a URL or \`{ url, sha256 }\`) at evaluation time.
*fetchTree | args | Fetches a source tree described by a flake-style input (experimental).
fetchurl | url | Downloads a file at evaluation time and returns its store path.
filter | pred list | The elements of *list* for which *pred* returns \`true\`.
filterSource | pred path | Copies *path* to the store keeping only files for which \`pred path type\` is \`true\`.
findFile | searchPath name | Looks *name* up in a search path, as \`<name>\` does.
flakeRefToString | attrs | Turns a flake reference set into its URL form.
floor | number | Rounds a number down to the nearest integer.
foldl' | op start list | Left fold: \`op (op (op start x0) x1) ...\`, evaluating each step strictly.
fromJSON | s | Parses a JSON string into a Nix value.
fromTOML | s | Parses a TOML string into a Nix value.
functionArgs | f | The formal arguments of a function taking a set: name -> whether it has a default.
genList | f n | The list \`[ (f 0) (f 1) ... (f (n - 1)) ]\`.
genericClosure | args | Computes a closure from \`startSet\` by repeatedly applying \`operator\`, deduplicating on \`key\`.
getAttr | name set | The attribute *name* of *set* (like \`set.\${name}\`).
getContext | s | The string context of *s*: which store paths it depends on.
getEnv | name | The value of environment variable *name*, or \`""\` (empty in pure evaluation).
getFlake | ref | Fetches a flake and returns its outputs (experimental).
groupBy | f list | Groups elements by the string *f* returns for each: name -> list of elements.
hasAttr | name set | \`true\` when *set* has an attribute *name* (like \`set ? \${name}\`).
hasContext | s | \`true\` when the string carries context (store path dependencies).
hashFile | type path | The hash of a file's contents; *type* is \`"md5"\`, \`"sha1"\`, \`"sha256"\` or \`"sha512"\`.
hashString | type s | The hash of a string; *type* is \`"md5"\`, \`"sha1"\`, \`"sha256"\` or \`"sha512"\`.
head | list | The first element of a list; an error when empty.
*import | path | Loads and evaluates the Nix file at *path* (\`default.nix\` for a directory).
intersectAttrs | a b | The attributes of *b* whose names also occur in *a*.
isAttrs | e | \`true\` when *e* is an attribute set.
isBool | e | \`true\` when *e* is a boolean.
isFloat | e | \`true\` when *e* is a float.
isFunction | e | \`true\` when *e* is a function.
isInt | e | \`true\` when *e* is an integer.
isList | e | \`true\` when *e* is a list.
*isNull | e | \`true\` when *e* is \`null\` (deprecated: write \`e == null\`).
isPath | e | \`true\` when *e* is a path.
isString | e | \`true\` when *e* is a string.
langVersion | | The version of the Nix language the evaluator implements, as an integer.
length | list | The number of elements in a list.
lessThan | a b | \`a < b\` as a function.
listToAttrs | list | Builds a set from a list of \`{ name = ...; value = ...; }\` sets (the first of duplicates wins).
*map | f list | Applies *f* to each element of *list*.
mapAttrs | f set | Applies \`f name value\` to each attribute, keeping the names.
match | regex s | Matches *s* fully against an extended regex: \`null\` if no match, else the list of capture groups.
mul | a b | The product of two numbers.
nixPath | | The search path used by \`<...>\` lookups, as a list of \`{ prefix, path }\` sets.
nixVersion | | The version of Nix evaluating the expression, as a string.
*null | | The null value.
outputOf | drv output | The path of an output of a derivation that may not be built yet (experimental).
parseDrvName | s | Splits a name like \`"nix-2.8.0"\` into \`{ name = "nix"; version = "2.8.0"; }\`.
parseFlakeRef | s | Parses a flake reference URL into a set.
partition | pred list | Splits a list into \`{ right = [ matching ]; wrong = [ others ]; }\`.
path | args | Adds a path to the store with options: \`path\`, \`name\`, \`filter\`, \`recursive\`, \`sha256\`.
pathExists | path | \`true\` when the path exists.
*placeholder | output | A placeholder string that the builder sees as the path of the named output.
readDir | path | The entries of a directory: name -> \`"regular"\`, \`"directory"\`, \`"symlink"\` or \`"unknown"\`.
readFile | path | The contents of a file as a string.
readFileType | path | The type of a path: \`"regular"\`, \`"directory"\`, \`"symlink"\` or \`"unknown"\`.
*removeAttrs | set names | *set* without the attributes named in the list *names*.
replaceStrings | from to s | Replaces each occurrence of a string of *from* with the string at the same index in *to*.
*scopedImport | scope path | Like \`import\`, with the attributes of *scope* added to the file's variables.
seq | a b | Evaluates *a* (shallowly), then returns *b*.
sort | less list | Sorts a list with the comparison function *less* (a stable sort).
split | regex s | Splits *s* at matches of *regex*: text pieces alternate with lists of capture groups.
splitVersion | s | Splits a version string into its components, as \`compareVersions\` sees them.
storeDir | | The store directory, usually \`"/nix/store"\`.
storePath | path | Makes an existing store path a dependency of the string it is used in.
stringLength | s | The length of a string in bytes.
sub | a b | *a* minus *b*.
substring | start len s | The part of *s* from byte *start*, at most *len* bytes long.
tail | list | The list without its first element; an error when empty.
*throw | s | Raises an error with message *s*; \`tryEval\` can catch it.
toFile | name s | Writes *s* to a store file named *name* and returns its path.
toJSON | e | The JSON text of a value (derivations become their output path).
toPath | s | Converts an absolute path string to a path (deprecated).
*toString | e | Converts a value to a string: paths, numbers, booleans, lists joined with spaces, sets with \`__toString\` or \`outPath\`.
toXML | e | The XML representation of a value.
trace | message value | Prints *message* to standard error, then returns *value*.
traceVerbose | message value | Like \`trace\`, only with \`--trace-verbose\`.
*true | | The boolean true.
tryEval | e | Evaluates *e* shallowly: \`{ success = true; value = ...; }\`, or \`success = false\` when it throws.
typeOf | e | The type of a value: \`"int"\`, \`"bool"\`, \`"string"\`, \`"path"\`, \`"null"\`, \`"set"\`, \`"list"\`, \`"lambda"\`, \`"float"\`.
unsafeDiscardOutputDependency | s | Removes the dependency on a derivation's outputs from a string's context.
unsafeDiscardStringContext | s | Returns *s* without its string context.
unsafeGetAttrPos | name set | The file, line and column where attribute *name* of *set* is defined, or \`null\`.
warn | message value | Prints a warning with *message*, then returns *value*.
zipAttrsWith | f sets | Merges a list of sets: each name maps to \`f name [ values from each set ]\`.
`;

function parseEmbedded(): Map<string, BuiltinDoc> {
  const out = new Map<string, BuiltinDoc>();
  for (const line of EMBEDDED.split('\n')) {
    const m = /^(\*?)([^ |]+) \| ([^|]*)\| (.*)$/.exec(line);
    if (!m) continue;
    const args = m[3]!.trim() === '' ? [] : m[3]!.trim().split(/\s+/);
    const doc: BuiltinDoc = { name: m[2]!, args, doc: m[4]!, arity: args.length };
    if (m[1]) doc.global = true;
    out.set(doc.name, doc);
  }
  return out;
}

let cached: Map<string, BuiltinDoc> | undefined;

/** Builtin docs that ship with the extension. */
export function embeddedKnowledge(): Knowledge {
  cached ??= parseEmbedded();
  const builtins = new Map<string, BuiltinDoc>();
  for (const [k, v] of cached) builtins.set(k, { ...v, args: [...v.args] });
  return { builtins };
}

/**
 * Parses `nix __dump-builtins` output (`{ name: { args, arity, doc } }`) and
 * lays it over the embedded docs: Nix's own text and argument names win,
 * names it does not list keep ours. Malformed input gives the embedded docs.
 */
export function knowledgeFromDump(json: string): Knowledge {
  const k = embeddedKnowledge();
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return k;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return k;
  for (const [name, v] of Object.entries(data as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') continue;
    const e = v as { args?: unknown; arity?: unknown; doc?: unknown };
    const prev = k.builtins.get(name);
    const args = Array.isArray(e.args) && e.args.every((x) => typeof x === 'string') ? (e.args as string[]) : prev?.args ?? [];
    const doc: BuiltinDoc = {
      name,
      args,
      doc: typeof e.doc === 'string' && e.doc.trim() !== '' ? e.doc.trim() : prev?.doc ?? '',
      arity: typeof e.arity === 'number' ? e.arity : args.length,
    };
    if (prev?.global) doc.global = true;
    k.builtins.set(name, doc);
  }
  return k;
}

/** `map f list` style signature for display. */
export function builtinSignature(d: BuiltinDoc): string {
  return d.args.length > 0 ? `${d.name} ${d.args.join(' ')}` : d.name;
}
