// What the handlers share on one connection: trust, settings, builtin docs,
// the open documents and their analyses, the workspace index.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisHost } from '../ide/analysisHost.js';
import type { Knowledge } from '../knowledge/builtins.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import type { Settings } from './settings.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

export interface ServerState {
  readonly connection: Connection;
  trusted: boolean;
  settings: Settings;
  knowledge: Knowledge;
  /** What is known of NixOS options, packages and lib (hover, completion, the option checks). */
  nixos: NixosIndex;
  /** The nixpkgs source folder, when known: nixpkgs-relative option declarations open there. */
  nixpkgsPath?: string;
  documents: TextDocuments<TextDocument>;
  /** Each open document's parse, analysis and diagnostics, per version. */
  host: AnalysisHost;
  workspace: WorkspaceIndex;
  /** Resolves when every scheduled diagnostics run has been published (for tests and benchmarks). */
  idle(): Promise<void>;
}
