// What the server knows of NixOS, as plain data: options, packages and lib functions, each
// tagged with the source that said so. Sources (embedded, options.json, the user's own nixpkgs,
// the workspace's modules) are loaded outside the pure core and handed in as these records.

/** Where a fact came from, lowest priority first: a later source overrides an earlier one. */
export type SourceName = 'embedded' | 'options.json' | 'workspace' | 'live';

/**
 * An option's type, read from the manual's type text ("null or string", "list of package",
 * "one of \"a\", \"b\"", ...). `kind` is what checks and completion act on; `text` is shown.
 */
export interface OptionType {
  kind:
    | 'bool'
    | 'int'
    | 'port'
    | 'float'
    | 'str'
    | 'lines'
    | 'path'
    | 'package'
    | 'enum'
    | 'list'
    | 'attrs'
    | 'submodule'
    | 'nullOr'
    | 'either'
    | 'function'
    | 'anything';
  text: string;
  /** `enum`: the allowed values, as Nix literals' values (strings unquoted). */
  values?: Array<string | number | boolean | null>;
  /** `list`, `attrs`, `nullOr`: the element type; `either`: the alternatives. */
  of?: OptionType[];
  /** `int` with bounds ("between 0 and 65535 (both inclusive)"). */
  min?: number;
  max?: number;
}

export interface OptionInfo {
  /** The path as NixOS names it, `<name>` for attrsOf/submodule levels and `*` for lists of them. */
  path: string[];
  type: OptionType;
  /** Markdown. */
  description: string;
  /** Rendered Nix text of the default and example, when there is one. */
  default?: string;
  example?: string;
  /** Files that declare it (nixpkgs-relative, or absolute for the user's own modules). */
  declarations: string[];
  readOnly: boolean;
  source: SourceName;
}

/** An option that was renamed (`to`) or removed (`removed`: what to do instead). */
export interface RenamedOption {
  path: string[];
  to?: string[];
  removed?: string;
  since?: string;
  source: SourceName;
}

export interface License {
  spdxId?: string;
  shortName?: string;
  fullName?: string;
  free: boolean;
}

export interface PackageInfo {
  /** Attribute path under `pkgs`: `firefox`, `python3Packages.requests`. */
  attrPath: string;
  name: string;
  pname?: string;
  version?: string;
  description?: string;
  homepage?: string;
  licenses: License[];
  /** Any license not free: needs `nixpkgs.config.allowUnfree` (or a predicate). */
  unfree: boolean;
  mainProgram?: string;
  broken?: boolean;
  insecure?: boolean;
  source: SourceName;
}

export interface LibFunction {
  /** As written after `lib.`: `mkIf`, `types.port`, `strings.concatStringsSep`. */
  name: string;
  /** Doc-comment style signature: `mkIf :: Bool -> AttrSet -> AttrSet`. */
  type: string;
  description: string;
  example?: string;
  aliases: string[];
}

/**
 * Packages kept as compact rows (the disk cache's bytes), each made into a PackageInfo only when
 * asked for: a cache of 120 000 packages loads without building 120 000 records, or even 120 000
 * name strings, that most sessions never look at. Rows are sorted by attribute path.
 */
export interface PackageTable {
  readonly size: number;
  /** The row of an attribute path, or -1. */
  find(attrPath: string): number;
  name(row: number): string;
  /** The name's length and the set of letter classes it uses (letterMask), for did-you-mean. */
  nameLength(row: number): number;
  nameMask(row: number): number;
  /** How far the row's name is from `name`, as did-you-mean counts (case alone: 0.5), or more than `max`. */
  distance(row: number, name: string, max: number): number;
  /** Whether the row may hold every (lower-case) word: never false when searchText holds them all. */
  mayMatch(row: number, words: readonly string[]): boolean;
  info(row: number): PackageInfo;
  /** The attribute path, pname and description of a row in lower case, for search. */
  searchText(row: number): string;
}

/** Options kept as compact rows, likewise: the path of each is read to index it, the rest when asked for. */
export interface OptionTable {
  readonly size: number;
  path(row: number): string[];
  info(row: number): OptionInfo;
  /** The dotted path and description in lower case, for search. */
  searchText(row: number): string;
  /** As PackageTable's. */
  mayMatch(row: number, words: readonly string[]): boolean;
}

/** Which of 32 letter classes a name uses (case folded; digits and the rest share classes). */
export function letterMask(name: string): number {
  let mask = 0;
  for (let i = 0; i < name.length; i++) mask |= 1 << (name.charCodeAt(i) | 0x20) % 32;
  return mask;
}

/** One source's contribution, as its loader hands it to the index. */
export interface KnowledgeLayer {
  source: SourceName;
  options?: OptionInfo[];
  renamed?: RenamedOption[];
  packages?: PackageInfo[];
  /** More packages, as rows (after `packages`, so a row wins over a record of the same layer). */
  packageTable?: PackageTable;
  /** More options, as rows (after `options`, likewise). */
  optionTable?: OptionTable;
  /** What people call things -> attribute paths, best first ("vs code" -> ["vscode"]). */
  everydayNames?: Record<string, string[]>;
  lib?: LibFunction[];
  /**
   * Whether this layer lists every option (or package) there is, so that a name it lacks is
   * wrong: true for options.json and a live evaluation, false for the embedded subset. When
   * absent: options complete for 'options.json' and 'live', packages complete for 'live'.
   */
  complete?: { options?: boolean; packages?: boolean };
}

/** How many options and packages a layer holds (records and rows). */
export function layerSize(layer: KnowledgeLayer): { options: number; packages: number } {
  return {
    options: (layer.options?.length ?? 0) + (layer.optionTable?.size ?? 0),
    packages: (layer.packages?.length ?? 0) + (layer.packageTable?.size ?? 0),
  };
}

/** A source's state, for the status item, `$/progress` and the log. */
export interface SourceState {
  source: SourceName;
  state: 'loading' | 'ready' | 'failed' | 'off';
  /** A sentence: what it holds or why it failed, and what to do. */
  detail: string;
  options?: number;
  packages?: number;
}
