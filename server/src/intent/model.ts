// What a plain-language request becomes: intents (what the person wants, in NixOS terms), each a
// few changes to option values; and the plan (the edits, per file, that make them true).
import type { TextEdit } from '../syntax/index.js';

/** A Nix value as the planner writes it: text for the file, and a key to compare list items. */
export interface NixValue {
  /** Nix source: `true`, `"Europe/Berlin"`, `pkgs.zsh`, `[ "nix-command" "flakes" ]`. */
  text: string;
}

/** One change to one option. */
export type Change =
  /**
   * Set the option to a value (replacing what is there). `group`: when nothing is defined under
   * the first `group` names yet, write those as a set (`users.users.dave = { isNormalUser = true; };`)
   * so the changes after it go inside.
   */
  | { kind: 'set'; path: string[]; value: NixValue; group?: number }
  /** Add items to a list option unless present; `packages` items are attribute paths under pkgs. */
  | { kind: 'listAdd'; path: string[]; items: ListItem[] }
  /** Remove items from a list option wherever it is defined. */
  | { kind: 'listRemove'; path: string[]; items: ListItem[] }
  /** Remove every definition of the option (a user, a group). */
  | { kind: 'unset'; path: string[] };

/** A list item: a package (`firefox`, written `pkgs.firefox` or `firefox` under `with pkgs;`) or Nix text. */
export type ListItem = { package: string } | { text: string };

export type Family =
  | 'packages'
  | 'service'
  | 'firewall'
  | 'time'
  | 'locale'
  | 'keyboard'
  | 'hostname'
  | 'users'
  | 'desktop'
  | 'hardware'
  | 'virtualisation'
  | 'nix'
  | 'boot'
  | 'swap'
  | 'ssh'
  | 'sudo';

export interface Intent {
  family: Family;
  /** What was understood, in plain words: "install Firefox". */
  summary: string;
  /** The words of the request it came from. */
  words: string;
  changes: Change[];
  /** Said to the person along with it: "Firefox is unfree: allowing unfree packages too." */
  notes: string[];
  /** Between 0 and 1: how sure the reading is (exact words 1, a typo or a search lower). */
  confidence: number;
}

/** Another reading of (part of) the request, with why it ranks where it does. */
export interface Alternative {
  intent: Intent;
  reason: string;
}

/** What a request was understood as. */
export interface Understanding {
  intents: Intent[];
  /** Per intent index: the other readings, best first. */
  alternatives: Alternative[][];
  /** Parts that were not understood, each with the nearest things known. */
  unknown: { words: string; nearest: string[] }[];
}

/** The files a request may edit: absolute path -> text. `root` is configuration.nix (or the flake). */
export interface Workspace {
  files: ReadonlyMap<string, string>;
  root: string;
  /** The file the person pointed at, when any: it is edited first. */
  target?: string;
}

export interface PlannedFile {
  file: string;
  edits: TextEdit[];
}

export interface Plan {
  files: PlannedFile[];
  /** Per intent: what happens ("set services.openssh.enable = true in configuration.nix") or that nothing needs to. */
  messages: string[];
  /** Whether anything changes at all. */
  changed: boolean;
}
