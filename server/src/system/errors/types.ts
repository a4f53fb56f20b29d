// Input shapes shared by the error parsers.
import type { NixosIndex } from '../../knowledge/nixosIndex.js';

/** An internal-json `msg` action from `nix ... --log-format internal-json`. */
export interface NixMessage {
  level: number;
  /** With ANSI colour codes. */
  msg: string;
  /** Plain text, when Nix provides it. */
  raw_msg?: string;
  /** May carry a `:line:col` suffix; '«string»' / '(string)' when there is no file. */
  file?: string | null;
  line?: number | null;
  column?: number | null;
  /** Nix >= 2.8 adds the trace frames (innermost first) with --show-trace. */
  trace?: { file?: string | null; line?: number | null; column?: number | null; raw_msg?: string }[];
}

export interface NixOutputInput {
  messages: NixMessage[];
  /** stderr without the `@nix` lines (nixos-rebuild output, or Nix without internal-json). */
  plainText: string;
  /** Absolute path of the folder holding the configuration (flake root for flakes). */
  workspaceRoot: string;
  /** Reads a file's text, or undefined when it cannot be read. The only IO allowed. */
  readFile: (path: string) => string | undefined;
  /** Known option paths (e.g. from the option index), used to suggest renames. Optional. */
  knownOptions?: readonly string[];
  /** What is known of packages and options: an undefined name in `with pkgs;` gets the nearest package. */
  nixos?: NixosIndex;
  /**
   * Build log lines per derivation path, from internal-json `result` type 101 (buildLogLine) on
   * the `start` type 105 (build) activity whose fields[0] is the .drv path. With internal-json,
   * Nix sends a failed build's log only that way, not in the error message.
   */
  buildLogs?: Readonly<Record<string, readonly string[]>>;
  /** More workspace files (absolute or relative to workspaceRoot) to search, e.g. for a hash. */
  workspaceFiles?: readonly string[];
  /** The configuration file that problems without a position are shown on. Defaults to the
   * first of flake.nix / configuration.nix found in workspaceRoot. */
  configurationFile?: string;
}
