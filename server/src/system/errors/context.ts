// What every error family needs: resolving files, reading and outlining them, building ranges,
// and turning offset fixes into the line-based output (the one place that converts).
import * as path from 'node:path';
import { addArgumentEdit, setOptionEdit } from '../../analysis/optionEdits.js';
import { moduleOutline, type ModuleOutline } from '../../analysis/optionPaths.js';
import { LineIndex, isNameChar, singleFileChange, type SourceChange, type TextEdit } from '../../syntax/index.js';
import type { Range, SystemDiagnostic, SystemFix } from '../../protocol/diagnostics';
import type { SourcePos } from './records';
import { makeResolver, type FileResolver } from './storePaths';
import type { NixOutputInput } from './types';

/** A fix as the error families build it: offset edits, converted to lines on output. */
export interface ErrorFix {
  title: string;
  change?: SourceChange;
  /** An argv the user may run to fix it. Never run implicitly. */
  command?: string[];
}

export interface UserPos {
  file: string;
  /** UTF-16 offset into the file text. */
  offset: number;
}

export class ErrorContext {
  readonly resolver: FileResolver;
  private readonly outlines = new Map<string, ModuleOutline>();
  private readonly indexes = new Map<string, LineIndex>();

  constructor(readonly input: NixOutputInput) {
    this.resolver = makeResolver(input.workspaceRoot, input.readFile);
  }

  text(file: string): string | undefined {
    return this.resolver.read(file);
  }

  /** The file's tree and the option bindings, patterns and names read from it. */
  outline(file: string): ModuleOutline | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    let o = this.outlines.get(file);
    if (!o) this.outlines.set(file, (o = moduleOutline(text)));
    return o;
  }

  lines(file: string): LineIndex | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    let index = this.indexes.get(file);
    if (!index) this.indexes.set(file, (index = new LineIndex(text)));
    return index;
  }

  /** The innermost position in a user file, converted to an offset. */
  userPosition(positions: readonly SourcePos[]): UserPos | undefined {
    for (const p of positions) {
      const file = this.resolver.resolve(p.file);
      const lines = file ? this.lines(file) : undefined;
      if (file && lines) return { file, offset: lines.nixOffset(p.line, p.column) };
    }
    return undefined;
  }

  range(file: string, start: number, end: number): Range {
    const lines = this.lines(file)!;
    return { start: lines.positionAt(start), end: lines.positionAt(end) };
  }

  /**
   * The file problems without a position go on: the one named by the caller, else the usual
   * configuration entry points in the workspace.
   */
  configurationFile(): string | undefined {
    const candidates = [
      this.input.configurationFile,
      path.join(this.input.workspaceRoot, 'configuration.nix'),
      path.join(this.input.workspaceRoot, 'flake.nix'),
      path.join(this.input.workspaceRoot, 'default.nix'),
    ];
    return candidates.find((c): c is string => c !== undefined && this.text(c) !== undefined);
  }

  /** The NixOS module file to add settings to: configuration.nix, even in a flake workspace. */
  moduleFile(): string | undefined {
    const config = this.configurationFile();
    if (config && path.basename(config) !== 'flake.nix') return config;
    const beside = path.join(this.input.workspaceRoot, 'configuration.nix');
    return this.text(beside) !== undefined ? beside : config;
  }

  /** A diagnostic at the start of `file`, for problems without a position. */
  topOfFile(file: string): Range {
    const lines = this.lines(file)!;
    return { start: { line: 0, character: 0 }, end: { line: 0, character: lines.lineText(0).length } };
  }

  /** Word at `offset` (identifier characters), for sizing a range. */
  wordRange(file: string, offset: number): { start: number; end: number } {
    const text = this.text(file)!;
    let end = offset;
    while (end < text.length && isNameChar(text[end]!)) end++;
    if (end === offset) end = Math.min(text.length, offset + 1);
    return { start: offset, end };
  }

  /** A fix of edits to one file; undefined edits (nothing to do there) are left out. */
  fix(title: string, file: string, edits: readonly (TextEdit | undefined)[]): ErrorFix {
    return { title, change: singleFileChange(file, edits.filter((e): e is TextEdit => e !== undefined)) };
  }

  /**
   * The edit setting option `path` to `value` in the module in `file`: changing the value where
   * it is set already, else a new line in the module's top set, or an inline module in the
   * `modules = [ ... ]` list of a flake.
   */
  setOption(file: string, path_: readonly string[], value: string): TextEdit | undefined {
    const outline = this.outline(file);
    return outline && setOptionEdit(outline, path_, value, { flake: path.basename(file) === 'flake.nix' });
  }

  /** Edit adding `name` to the argument pattern of the function enclosing `offset`. */
  addArgument(file: string, name: string, offset: number): TextEdit | undefined {
    const outline = this.outline(file);
    return outline && addArgumentEdit(outline, name, offset);
  }

  /** The diagnostic with its fixes (those that do something), their edits in lines and characters. */
  diagnostic(d: SystemDiagnostic, fixes: readonly (ErrorFix | undefined)[]): SystemDiagnostic {
    const kept: SystemFix[] = [];
    for (const f of fixes) {
      if (!f) continue;
      const edits = (f.change?.files ?? []).flatMap(({ file, edits }) => edits.map((e) => ({ file, range: this.range(file, e.start, e.end), newText: e.newText })));
      if (!f.command && edits.length === 0) continue;
      kept.push({ title: f.title, ...(edits.length ? { edits } : {}), ...(f.command ? { command: f.command } : {}) });
    }
    return kept.length ? { ...d, fixes: kept } : d;
  }
}
