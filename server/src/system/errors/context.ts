// What every error family needs: resolving files, reading and analysing them, and building
// ranges and edits on them.
import * as path from 'node:path';
import type { Range, SystemDiagnostic, SystemFix, SystemTextEdit } from '../diagnostics';
import { locateDefinition } from './locateDefinition';
import { analyse, type NixStructure } from './nixStructure';
import type { SourcePos } from './records';
import { makeResolver, type FileResolver } from './storePaths';
import { LineIndex } from './text';
import type { NixOutputInput } from './types';

export interface UserPos {
  file: string;
  /** UTF-16 offset into the file text. */
  offset: number;
}

export class ErrorContext {
  readonly resolver: FileResolver;
  private readonly structures = new Map<string, NixStructure>();
  private readonly indexes = new Map<string, LineIndex>();

  constructor(readonly input: NixOutputInput) {
    this.resolver = makeResolver(input.workspaceRoot, input.readFile);
  }

  text(file: string): string | undefined {
    return this.resolver.read(file);
  }

  structure(file: string): NixStructure | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    let s = this.structures.get(file);
    if (!s) this.structures.set(file, (s = analyse(text)));
    return s;
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
    return this.lines(file)!.range(start, end);
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
    while (end < text.length && /[A-Za-z0-9_'\-]/.test(text[end]!)) end++;
    if (end === offset) end = Math.min(text.length, offset + 1);
    return { start: offset, end };
  }

  edit(file: string, start: number, end: number, newText: string): SystemTextEdit {
    return { file, range: this.range(file, start, end), newText };
  }

  /**
   * Edits adding a line with `binding` (e.g. `nixpkgs.config.allowUnfree = true;`) to the module
   * in `file`: into the top attribute set of a module, or into the `modules = [ ... ]` list of a
   * flake as an inline module.
   */
  insertSetting(file: string, binding: string): SystemTextEdit | undefined {
    const s = this.structure(file);
    const text = this.text(file);
    if (!s || text === undefined) return undefined;
    // Already set (e.g. `allowUnfree = false;`): change that value rather than define it twice.
    const m = /^([\w.]+) = ([\s\S]*);$/.exec(binding);
    const existing = m ? locateDefinition(s, m[1]!.split('.')) : undefined;
    if (m && existing && !existing.partial) {
      return this.edit(file, existing.binding.valueStart, existing.binding.valueEnd, m[2]!);
    }
    if (path.basename(file) === 'flake.nix') {
      const modules = s.bindings.find((b) => b.path[b.path.length - 1] === 'modules' && text[b.valueStart] === '[');
      if (!modules) return undefined;
      const at = modules.valueStart + 1;
      return this.edit(file, at, at, ` { ${binding} }`);
    }
    const set = s.topSet;
    if (!set) return undefined;
    const indent = this.bindingIndent(file, set.bindings[0]?.start) ?? '  ';
    // After the last binding (or the opening brace), on a line of its own.
    const last = set.bindings[set.bindings.length - 1];
    const at = last ? last.end : set.open + 1;
    return this.edit(file, at, at, `\n${indent}${binding}`);
  }

  private bindingIndent(file: string, offset: number | undefined): string | undefined {
    if (offset === undefined) return undefined;
    const lines = this.lines(file)!;
    const line = lines.lineText(lines.position(offset).line);
    return /^\s*/.exec(line)![0] || undefined;
  }

  /** Edit adding `name` to the argument pattern of the function enclosing `offset`. */
  addArgument(file: string, name: string, offset: number): SystemTextEdit | undefined {
    const s = this.structure(file);
    if (!s) return undefined;
    const heads = s.heads.filter((h) => h.open <= offset).sort((a, b) => b.open - a.open);
    // The module's own arguments (depth 0) are where pkgs / lib / config belong.
    const head = heads.find((h) => h.depth === 0) ?? heads[0];
    if (!head) {
      // A module without arguments: `{ ... }` attribute set at the top becomes a function.
      if (!s.topSet || s.topSet.depth !== 0) return undefined;
      return this.edit(file, s.topSet.open, s.topSet.open, `{ ${name}, ... }:\n`);
    }
    if (head.args.some((a) => a.name === name)) return undefined;
    if (head.ellipsis) return this.edit(file, head.ellipsis.start, head.ellipsis.start, `${name}, `);
    const lastArg = head.args[head.args.length - 1];
    if (lastArg) {
      // After the last argument and its default, if any: insert before the closing brace.
      const text = this.text(file)!;
      let at = head.close;
      while (at > head.open && /\s/.test(text[at - 1]!)) at--;
      return this.edit(file, at, at, `, ${name}`);
    }
    return this.edit(file, head.open + 1, head.open + 1, ` ${name} `);
  }

  diagnostic(d: SystemDiagnostic, fixes: (SystemFix | undefined)[]): SystemDiagnostic {
    const kept = fixes.filter((f): f is SystemFix => f !== undefined && (!!f.command || (f.edits?.length ?? 0) > 0));
    return kept.length ? { ...d, fixes: kept } : d;
  }
}
