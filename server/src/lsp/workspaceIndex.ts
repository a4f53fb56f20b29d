// The `.nix` files of the open folders, for workspace symbols. Files are found lazily on the
// first query, each analysed once per modification time, and bounded in number and size so
// a huge checkout (a nixpkgs clone) cannot exhaust memory.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze, type Analysis } from '../analysis/index.js';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { findNixFiles, WORKSPACE_SKIPPED_DIRS } from '../system/nixFiles.js';

/** At most this many files are indexed per workspace. */
export const MAX_INDEXED_FILES = 5000;

interface Entry {
  mtimeMs: number;
  size: number;
  analysis: Analysis;
}

export class WorkspaceIndex {
  private folders: string[] = [];
  private entries = new Map<string, Entry>();
  private truncated = false;
  /** The last walk's files: shared by symbols and the knowledge's workspace modules (one walk). */
  private listed?: { files: string[]; truncated: boolean };

  constructor(private maxFileSize: () => number) {}

  setFolders(uris: string[]): void {
    this.folders = uris.flatMap((u) => {
      try {
        return u.startsWith('file:') ? [fileURLToPath(u)] : [];
      } catch {
        return [];
      }
    });
    this.clear();
  }

  /** The open folders as file system paths. */
  folderPaths(): string[] {
    return [...this.folders];
  }

  clear(): void {
    this.entries.clear();
    this.listed = undefined;
  }

  /** The folders' .nix files: walked once, and again after `rescan` or a change of folders. */
  nixFiles(): string[] {
    this.listed ??= findNixFiles(this.folders, WORKSPACE_SKIPPED_DIRS, MAX_INDEXED_FILES);
    this.truncated = this.listed.truncated;
    return this.listed.files;
  }

  /** A .nix file was created, deleted or changed on disk: the next `nixFiles` walks again. */
  rescan(): void {
    this.listed = undefined;
  }

  /** True when the last scan stopped at MAX_INDEXED_FILES. */
  get incomplete(): boolean {
    return this.truncated;
  }

  /**
   * Every indexed file's analysis. `open` maps URIs of open documents to their analysis, which
   * wins over what is on disk (the user may not have saved yet).
   */
  async files(open: Map<string, Analysis>, token?: CancellationToken): Promise<Array<{ uri: string; analysis: Analysis }>> {
    const out: Array<{ uri: string; analysis: Analysis }> = [];
    const seen = new Set<string>();
    for (const [uri, analysis] of open) {
      out.push({ uri, analysis });
      seen.add(uri);
    }
    const files = this.scan();
    const live = new Set<string>();
    // Reading and analysing thousands of files takes seconds: every 20 ms the event loop gets
    // a turn, so a cancellation (or any other message) is seen, and a cancelled scan stops.
    let slice = Date.now();
    for (const file of files) {
      if (token && Date.now() - slice > 20) {
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
        slice = Date.now();
      }
      const uri = pathToFileURL(file).href;
      live.add(uri);
      if (seen.has(uri)) continue;
      const entry = this.load(file, uri);
      if (entry) out.push({ uri, analysis: entry.analysis });
    }
    for (const uri of this.entries.keys()) if (!live.has(uri)) this.entries.delete(uri);
    return out;
  }

  private load(file: string, uri: string): Entry | undefined {
    let st;
    try {
      st = statSync(file);
    } catch {
      return undefined;
    }
    if (!st.isFile() || st.size > this.maxFileSize()) return undefined;
    const known = this.entries.get(uri);
    if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const entry = { mtimeMs: st.mtimeMs, size: st.size, analysis: analyze(text) };
    this.entries.set(uri, entry);
    return entry;
  }

  private scan(): string[] {
    return this.nixFiles();
  }
}
