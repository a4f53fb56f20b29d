// Problems found in Nix / nixos-rebuild output, placed on the user's files. The types are the
// shared protocol's (the CLI's --json lines and the client carry them); the builders live here.
import type { Position, Range } from '../protocol/diagnostics';

export function position(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}
