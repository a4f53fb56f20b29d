// The options the workspace's own modules declare: its .nix files read from disk (or the open
// document's text), each extracted statically (moduleOptions) and remembered per modification
// time, so a change re-reads one file.
import * as fs from 'node:fs';
import type { SyntaxNode } from '../../syntax/index.js';
import type { OptionInfo } from '../model.js';
import { moduleOptions } from '../moduleOptions.js';

interface Entry {
  mtimeMs: number;
  size: number;
  options: OptionInfo[];
}

export class WorkspaceModules {
  private readonly files = new Map<string, Entry>();
  /** An open document's last text and its options. */
  private readonly opened = new Map<string, { text: string; options: OptionInfo[] }>();
  /** Each file's options in the last result, in order: what `changed` compares. */
  private last: OptionInfo[][] = [];
  /** Whether the last `options` call's result differs from the one before. */
  changed = true;

  /**
   * The options of these files; `open` gives texts that win over the disk (unsaved edits).
   * Files over `maxSize` characters and files that do not mention `options` are skipped cheaply.
   * A file whose options came out the same keeps its array, so `changed` compares arrays by
   * identity and only a re-read file's options by content. `treeOf` may give an open text's tree,
   * parsed already (the editor's analysis), so that it is not parsed again here.
   */
  options(files: readonly string[], open: ReadonlyMap<string, string> = new Map(), maxSize = 1_000_000, treeOf: (file: string) => SyntaxNode | undefined = () => undefined): OptionInfo[] {
    const parts: OptionInfo[][] = [];
    const live = new Set(files);
    for (const file of files) {
      const text = open.get(file);
      if (text !== undefined) {
        const before = this.opened.get(file);
        if (before?.text !== text) {
          const options = text.length <= maxSize && text.includes('options') ? moduleOptions(text, file, treeOf(file)) : [];
          const previous = before?.options ?? this.files.get(file)?.options;
          this.opened.set(file, { text, options: previous && same(previous, options) ? previous : options });
        }
        const options = this.opened.get(file)!.options;
        if (options.length > 0) parts.push(options);
        continue;
      }
      this.opened.delete(file);
      const entry = this.read(file, maxSize);
      if (entry && entry.options.length > 0) parts.push(entry.options);
    }
    for (const file of this.files.keys()) if (!live.has(file)) this.files.delete(file);
    for (const file of this.opened.keys()) if (!open.has(file) || !live.has(file)) this.opened.delete(file);
    this.changed = parts.length !== this.last.length || parts.some((p, i) => p !== this.last[i]);
    this.last = parts;
    return parts.flat();
  }

  /** A file changed on disk: the next call reads it again (its last options kept to compare). */
  invalidate(file: string): void {
    const known = this.files.get(file);
    if (known) known.mtimeMs = NaN;
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
    const entry = { mtimeMs: st.mtimeMs, size: st.size, options: known && same(known.options, options) ? known.options : options };
    this.files.set(file, entry);
    return entry;
  }
}

/** The same options, field by field (one file's: a few, where the whole workspace's were compared before). */
function same(a: readonly OptionInfo[], b: readonly OptionInfo[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
