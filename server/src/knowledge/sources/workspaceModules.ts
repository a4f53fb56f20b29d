// The options the workspace's own modules declare: its .nix files read from disk (or the open
// document's text), each extracted statically (moduleOptions) and remembered per modification
// time, so a change re-reads one file.
import * as fs from 'node:fs';
import type { OptionInfo } from '../model.js';
import { moduleOptions } from '../moduleOptions.js';

interface Entry {
  mtimeMs: number;
  size: number;
  options: OptionInfo[];
}

export class WorkspaceModules {
  private readonly files = new Map<string, Entry>();

  /**
   * The options of these files; `open` gives texts that win over the disk (unsaved edits).
   * Files over `maxSize` characters and files that do not mention `options` are skipped cheaply.
   */
  options(files: readonly string[], open: ReadonlyMap<string, string> = new Map(), maxSize = 1_000_000): OptionInfo[] {
    const out: OptionInfo[] = [];
    const live = new Set(files);
    for (const file of files) {
      const text = open.get(file);
      if (text !== undefined) {
        if (text.length <= maxSize && text.includes('options')) out.push(...moduleOptions(text, file));
        continue;
      }
      const entry = this.read(file, maxSize);
      if (entry) out.push(...entry.options);
    }
    for (const file of this.files.keys()) if (!live.has(file)) this.files.delete(file);
    return out;
  }

  /** Forget a file (it changed on disk): the next call reads it again. */
  invalidate(file: string): void {
    this.files.delete(file);
  }

  private read(file: string, maxSize: number): Entry | undefined {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return undefined;
    }
    const known = this.files.get(file);
    if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known;
    let options: OptionInfo[] = [];
    if (st.size <= maxSize) {
      try {
        const text = fs.readFileSync(file, 'utf8');
        if (text.includes('options')) options = moduleOptions(text, file);
      } catch {
        // unreadable: no options from it
      }
    }
    const entry = { mtimeMs: st.mtimeMs, size: st.size, options };
    this.files.set(file, entry);
    return entry;
  }
}
