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
 * Packages kept as compact rows, each made into a PackageInfo only when asked for: a cache of
 * 120 000 packages loads without building 120 000 records most sessions never look at.
 */
export interface PackageTable {
  readonly attrPaths: readonly string[];
  info(row: number): PackageInfo;
  /** The attribute path, pname and description of a row in lower case, for search. */
  searchText(row: number): string;
}

/** One source's contribution, as its loader hands it to the index. */
export interface KnowledgeLayer {
  source: SourceName;
  options?: OptionInfo[];
  renamed?: RenamedOption[];
  packages?: PackageInfo[];
  /** More packages, as rows (after `packages`, so a row wins over a record of the same layer). */
  packageTable?: PackageTable;
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

/** A source's state, for the status item, `$/progress` and the log. */
export interface SourceState {
  source: SourceName;
  state: 'loading' | 'ready' | 'failed' | 'off';
  /** A sentence: what it holds or why it failed, and what to do. */
  detail: string;
  options?: number;
  packages?: number;
}
