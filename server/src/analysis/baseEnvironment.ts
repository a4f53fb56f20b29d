// Names Nix binds in its base environment, before any file-level scope.
// Taken from what `nix-instantiate --parse` accepts (Nix 2.8) plus names
// newer releases add, so a file valid on either is not flagged.
export const GLOBAL_NAMES: ReadonlySet<string> = new Set([
  'builtins',
  'true',
  'false',
  'null',
  'import',
  'abort',
  'baseNameOf',
  'derivation',
  'derivationStrict',
  'dirOf',
  'fetchGit',
  'fetchMercurial',
  'fetchTarball',
  'fetchTree',
  'isNull',
  'map',
  'placeholder',
  'removeAttrs',
  'scopedImport',
  'throw',
  'toString',
]);

// Builtins Nix also binds globally as `__name` (Nix 2.8, checked against
// nix-instantiate), plus the ones later releases add.
const UNDERSCORED = `add addErrorContext all any appendContext attrNames attrValues bitAnd bitOr bitXor
catAttrs ceil compareVersions concatLists concatMap concatStringsSep currentSystem currentTime
deepSeq div elem elemAt fetchurl filter filterSource findFile floor foldl' fromJSON functionArgs
genList genericClosure getAttr getContext getEnv groupBy hasAttr hasContext hashFile hashString
head intersectAttrs isAttrs isBool isFloat isFunction isInt isList isPath isString langVersion
length lessThan listToAttrs mapAttrs match mul nixPath nixVersion parseDrvName partition path
pathExists readDir readFile replaceStrings seq sort split splitVersion storeDir storePath
stringLength sub substring tail toFile toJSON toPath toXML trace tryEval typeOf
unsafeDiscardOutputDependency unsafeDiscardStringContext unsafeGetAttrPos zipAttrsWith curPos
traceVerbose fetchClosure getFlake convertHash addDrvOutputDependencies readFileType
outputOf warn flakeRefToString parseFlakeRef break`;

export const UNDERSCORED_GLOBALS: ReadonlySet<string> = new Set(UNDERSCORED.split(/\s+/).map((n) => `__${n}`));

/** Whether `name` is bound by Nix itself (before any scope of the file). */
export function isGlobalName(name: string): boolean {
  return GLOBAL_NAMES.has(name) || UNDERSCORED_GLOBALS.has(name);
}

const CANONICAL = new Map<string, string>();
for (const n of GLOBAL_NAMES) CANONICAL.set(n, n);
for (const n of UNDERSCORED_GLOBALS) CANONICAL.set(n, n);

/** The stored string of a name bound by Nix itself (equal to `name`), or undefined when `isGlobalName(name)` is false. @internal */
export function globalName(name: string): string | undefined {
  return CANONICAL.get(name);
}
