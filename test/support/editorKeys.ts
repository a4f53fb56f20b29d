// Typing as VS Code does it, for the benchmarks and tests that want an
// editor's changes rather than a tidy insertion: brackets and quotes closed
// as they open, Enter indenting. (What the language configuration asks of
// VS Code: language-configuration.json.)

export type Position = { line: number; character: number };
export type Change = { range: { start: Position; end: Position }; text: string };

/**
 * An editor's buffer, typed into as VS Code does it: an opening bracket or
 * quote comes with its closing one, a closing one typed before its twin
 * steps over it, and Enter keeps the indentation (two more after an opening
 * bracket, with the closing one moved to a line of its own). `typed` holds
 * the keys: `\n` is Enter and `→` steps past the next closing bracket on a
 * later line (the arrow and End keys). Returns the change each key sends,
 * none for a key that only moves the cursor.
 */
export function editorKeys(text: string, at: number, typed: string): Change[] {
  const CLOSE: Record<string, string> = { '{': '}', '[': ']', '(': ')', '"': '"' };
  let doc = text;
  let cursor = at;
  const changes: Change[] = [];
  const pos = (offset: number): Position => {
    const before = doc.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  const insert = (s: string, cursorAfter: number) => {
    const p = pos(cursor);
    changes.push({ range: { start: p, end: p }, text: s });
    doc = doc.slice(0, cursor) + s + doc.slice(cursor);
    cursor += cursorAfter;
  };
  for (const key of typed) {
    const next = doc[cursor];
    if (key === '→') {
      const close = /^\s*[}\])]/.exec(doc.slice(cursor));
      if (!close) throw new Error('editorKeys: no closing bracket to step past');
      cursor += close[0].length;
    } else if (key === '\n') {
      const lineStart = doc.lastIndexOf('\n', cursor - 1) + 1;
      const indent = /^ */.exec(doc.slice(lineStart))![0];
      const prev = doc[cursor - 1] ?? '';
      const deeper = prev in CLOSE && prev !== '"' ? `${indent}  ` : indent;
      if (next !== undefined && next === CLOSE[prev]) insert(`\n${deeper}\n${indent}`, deeper.length + 1);
      else insert(`\n${deeper}`, deeper.length + 1);
    } else if ((key === '}' || key === ']' || key === ')' || key === '"') && next === key) cursor++;
    else if (key in CLOSE) insert(key + CLOSE[key], 1);
    else insert(key, 1);
  }
  return changes;
}

/** `text` after `changes` (insertions, in order). */
export function editorText(text: string, changes: readonly Change[]): string {
  let doc = text;
  for (const c of changes) {
    const i = offsetOf(doc, c.range.start);
    doc = doc.slice(0, i) + c.text + doc.slice(i);
  }
  return doc;
}

function offsetOf(text: string, p: Position): number {
  let i = 0;
  for (let l = 0; l < p.line; l++) i = text.indexOf('\n', i) + 1;
  return i + p.character;
}

/** A block of a NixOS configuration, key by key (see editorKeys): nested sets, a `with`, a `let`, strings with `${}`. */
export const BLOCK_KEYS = [
  '\nservices.nginx = {\nenable = true;\nvirtualHosts."example.org" = {\nroot = "/var/www";',
  '\nlocations."/".proxyPass = "http://127.0.0.1:${toString port299}";→;→;',
  '\nenvironment.systemPackages = with pkgs; [ git vim (writeShellScriptBin "hi" "echo hi") ];',
  '\nusers.users.alice = {\nisNormalUser = true;\nextraGroups = [ "wheel" ];→;',
  '\nsystemd.services.backup.script = let dir = "/srv"; in "tar -cf /tmp/b.tar ${dir}";',
].join('');

