import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DocumentHighlightRequest,
  HoverRequest,
  InlayHintRequest,
  LSPErrorCodes,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startSession, cursor, type Session } from './support.js';
import { expect } from '../support/expect.js';

const URI = 'file:///work/configuration.nix';

/** Error-severity diagnostics only (hints such as an unused `config` argument are not at issue here). */
function errors(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.severity === 1);
}

function msgText(m: string | { value: string }): string {
  return typeof m === 'string' ? m : m.value;
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(URI, 'nix', 1, text), edits);
}

describe('language server over an in-process connection', function () {
  this.timeout(20_000);
  let s: Session;
  afterEach(() => s?.close());

  it('declares the features it implements', async () => {
    s = await startSession();
    const c = s.init.capabilities;
    for (const key of [
      'hoverProvider', 'completionProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider',
      'renameProvider', 'codeActionProvider', 'inlayHintProvider',
    ] as const) {
      assert.ok(c[key], `${key} is declared`);
    }
    assert.deepEqual(c.completionProvider?.triggerCharacters, ['.']);
  });

  it('publishes syntax errors with code, source, version and the right line', async () => {
    s = await startSession();
    const diags = await s.open(URI, '{ pkgs, ... }:\n{\n  networking.hostName = "laptop"\n  services.openssh.enable = true;\n}\n');
    const syntax = diags.filter((d) => d.severity === 1);
    assert.equal(syntax.length, 1, JSON.stringify(diags));
    // Nix reports it at the next binding; it is shown where the `;` is missing, after `"laptop"`.
    assert.equal(syntax[0]!.range.start.line, 2);
    assert.equal(syntax[0]!.range.end.character, '  networking.hostName = "laptop"'.length);
    assert.equal(syntax[0]!.source, 'nix-humanity');
    assert.match(msgText(syntax[0]!.message), /expected ';'/);
    assert.match(String(syntax[0]!.code), /\S/);
  });

  it('updates diagnostics after incremental edits, for the newest version only', async () => {
    s = await startSession();
    const text = '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.firefox foo ];\n}\n';
    const first = await s.open(URI, text);
    assert.deepEqual(errors(first).map((d) => d.code), ['undefined-variable']);
    // Three keystrokes in a row: publishes only ever move forward, ending on the last version.
    const published = s.waitFor(URI, (d) => d.version === 4);
    const pos = { line: 2, character: 49 };
    for (const ch of ['b', 'a', 'r']) {
      void s.client.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version: 2 + ['b', 'a', 'r'].indexOf(ch) },
        contentChanges: [{ range: { start: { ...pos }, end: { ...pos } }, text: ch }],
      });
      pos.character++;
    }
    const p = await published;
    const versions = s.published(URI).map((d) => d.version!);
    assert.deepEqual(versions, [...versions].sort((x, y) => x - y), `publishes in order: ${versions}`);
    assert.equal(versions.at(-1), 4);
    assert.equal(errors(p.diagnostics).length, 1, JSON.stringify(p.diagnostics));
    assert.match(msgText(p.diagnostics[0]!.message), /foobar/);
    // Removing the unknown name clears the diagnostics.
    const cleared = await s.change(URI, '', { start: { line: 2, character: 46 }, end: { line: 2, character: 53 } });
    assert.deepEqual(errors(cleared), []);
  });

  it('offers the quick fix of a diagnostic as a code action whose edit fixes the file', async () => {
    s = await startSession();
    const text = '{ config, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n}\n';
    const diags = await s.open(URI, text);
    const undefinedPkgs = diags.find((d) => d.code === 'undefined-variable')!;
    assert.ok(undefinedPkgs, JSON.stringify(diags));
    const actions = await s.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: undefinedPkgs.range,
      context: { diagnostics: [undefinedPkgs] },
    });
    const fix = actions?.find((a) => 'kind' in a && a.kind === 'quickfix' && a.isPreferred);
    assert.ok(fix && 'edit' in fix && fix.edit?.changes, JSON.stringify(actions));
    assert.deepEqual(fix.diagnostics, [undefinedPkgs]);
    const fixed = apply(text, fix.edit!.changes![URI]!);
    assert.equal(fixed, '{ config, pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n}\n');
    assert.deepEqual(errors(await s.change(URI, fixed)), []);
  });

  it('filters code actions by the kinds asked for', async () => {
    s = await startSession();
    const { text, position } = cursor('{\n  services.$0openssh.enable = true;\n}\n');
    await s.open(URI, text);
    const all = await s.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI }, range: { start: position, end: position }, context: { diagnostics: [] },
    });
    assert.ok((all ?? []).some((a) => 'kind' in a && a.kind?.startsWith('refactor')), JSON.stringify(all));
    const quickfixOnly = await s.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI }, range: { start: position, end: position }, context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(quickfixOnly, []);
  });

  /** A hover as its range (LSP lines and UTF-16 characters) and markdown. */
  const shownHover = (h: Hover | null): string => {
    if (!h) return 'no hover';
    const r = h.range;
    const where = r ? `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` : 'no range';
    return `${where}\n---\n${(h.contents as MarkupContent).value}`;
  };

  it('hovers builtins and local bindings', async () => {
    s = await startSession();
    const src = 'let\n  editor = "vim";\nin\n{ x = builtins.attrNames { }; y = edi$0tor; }\n';
    const { text, position } = cursor(src);
    await s.open(URI, text);
    const h = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position });
    expect`
      3:34-3:40
      ---
      \`\`\`nix
      editor = "vim"
      \`\`\`

      A \`let\` binding, defined on line 2; used once.
    `.assertEq(shownHover(h));
    const onBuiltin = await s.client.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI }, position: { line: 3, character: 18 },
    });
    expect`
      3:15-3:24
      ---
      \`\`\`nix
      attrNames set
      \`\`\`

      The names of the attributes of *set*, sorted alphabetically.

      *Built into Nix (as \`builtins.attrNames\`).*
    `.assertEq(shownHover(onBuiltin));
  });

  it('goes to definitions, finds references and highlights, and renames', async () => {
    s = await startSession();
    const src = 'let\n  port = 22;\nin\n{ a = po$0rt; b = port + 1; }\n';
    const { text, position } = cursor(src);
    await s.open(URI, text);
    const defs = await s.client.sendRequest(DefinitionRequest.type, { textDocument: { uri: URI }, position });
    assert.deepEqual(defs, [{ uri: URI, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } } }]);
    const refs = await s.client.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: URI }, position, context: { includeDeclaration: true },
    });
    assert.equal(refs?.length, 3);
    const highlights = await s.client.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri: URI }, position });
    assert.deepEqual(highlights?.map((h) => h.kind), [3, 2, 2]);
    const prepared = await s.client.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: URI }, position });
    assert.ok(prepared && 'placeholder' in prepared && prepared.placeholder === 'port');
    const edit = await s.client.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position, newName: 'sshPort' });
    assert.equal(apply(text, edit!.changes![URI]!), 'let\n  sshPort = 22;\nin\n{ a = sshPort; b = sshPort + 1; }\n');
  });

  it('refuses a rename that would change meaning, with the reason', async () => {
    s = await startSession();
    const { text, position } = cursor('let\n  a = 1;\n  b = 2;\nin\n$0a + b\n');
    await s.open(URI, text);
    await assert.rejects(
      s.client.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position, newName: 'b' }),
      (e: ResponseError<unknown>) => /b/.test(e.message) && e.code === -32803,
    );
  });

  it('opens the file an import points at', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nix-humanity-lsp-'));
    mkdirSync(path.join(dir, 'modules/desktop'), { recursive: true });
    writeFileSync(path.join(dir, 'hardware-configuration.nix'), '{ }\n');
    writeFileSync(path.join(dir, 'modules/desktop/default.nix'), '{ }\n');
    const uri = pathToFileURL(path.join(dir, 'configuration.nix')).href;
    s = await startSession();
    const { text, position } = cursor('{\n  imports = [ ./hardware-conf$0iguration.nix ./modules/desktop ./missing.nix ];\n}\n');
    await s.open(uri, text);
    const defs = await s.client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
    assert.deepEqual(defs, [{ uri: pathToFileURL(path.join(dir, 'hardware-configuration.nix')).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    const folder = await s.client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 1, character: 46 } });
    assert.equal((folder as Array<{ uri: string }>)[0]?.uri, pathToFileURL(path.join(dir, 'modules/desktop/default.nix')).href);
    const missing = await s.client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 1, character: 62 } });
    assert.deepEqual(missing, []);
  });

  it('completes names in scope and builtins', async () => {
    s = await startSession();
    const { text, position } = cursor('{ pkgs, ... }:\nlet\n  myEditor = "vim";\nin\n{ x = my$0; y = builtins.; }\n');
    await s.open(URI, text);
    const list = (await s.client.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position })) as CompletionList;
    assert.ok(list.items.some((i) => i.label === 'myEditor'), JSON.stringify(list.items.slice(0, 5)));
    assert.equal(list.isIncomplete, false);
    const builtins = (await s.client.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI }, position: { line: 4, character: 23 },
    })) as CompletionList;
    const attrNames = builtins.items.find((i) => i.label === 'attrNames');
    assert.ok(attrNames, 'builtins. lists its members');
    assert.equal(attrNames.documentation, undefined, 'documentation waits for completionItem/resolve');
    const resolved = await s.client.sendRequest(CompletionResolveRequest.type, attrNames);
    assert.match((resolved.documentation as MarkupContent).value, /names of the attributes|attribute names/i);
  });

  it('caps a completion answer and marks it incomplete, so the editor asks again as the word grows', async () => {
    s = await startSession();
    const names = Array.from({ length: 600 }, (_, i) => `  name${i} = ${i};`).join('\n');
    const { text, position } = cursor(`let\n${names}\nin\n[ n$0 ]\n`);
    await s.open(URI, text);
    const wide = (await s.client.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position })) as CompletionList;
    assert.equal(wide.isIncomplete, true);
    assert.equal(wide.items.length, 200);
    assert.ok(wide.items.slice(0, 10).every((i) => i.label.startsWith('n')), 'entries starting with the word come first');
    await s.change(URI, 'ame59', { start: position, end: position });
    const exact = (await s.client.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI }, position: { line: position.line, character: position.character + 5 },
    })) as CompletionList;
    assert.equal(exact.isIncomplete, false);
    assert.deepEqual(exact.items.map((i) => i.label).filter((l) => l.startsWith('name59')), ['name59', ...Array.from({ length: 10 }, (_, i) => `name59${i}`)]);
  });

  it('shows the closing inlay hint of a long binding', async () => {
    s = await startSession();
    const body = Array.from({ length: 12 }, (_, i) => `    a${i} = ${i};`).join('\n');
    const text = `{\n  services.nginx = {\n${body}\n  };\n}\n`;
    await s.open(URI, text);
    const hints = await s.client.sendRequest(InlayHintRequest.type, {
      textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    assert.deepEqual(hints?.map((h) => h.label), ['# services.nginx']);
  });

  it('answers a request cancelled before it ran with RequestCancelled', async () => {
    s = await startSession();
    await s.open(URI, 'let x = 1; in x\n');
    const source = new CancellationTokenSource();
    const request = s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 0, character: 14 } }, source.token);
    source.cancel();
    await assert.rejects(request, (e: ResponseError<unknown>) => e.code === LSPErrorCodes.RequestCancelled);
    // The server goes on answering.
    const h = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 0, character: 14 } });
    assert.ok(h);
  });

  it('keeps working after a malformed message', async () => {
    s = await startSession();
    s.toServer.write('Content-Length: 9\r\n\r\n{"broken"');
    s.toServer.write('Content-Length: 2\r\n\r\n[]');
    const diags = await s.open(URI, 'let x = ; in x\n');
    assert.equal(diags.filter((d) => d.severity === 1).length, 1);
  });

  it('reads the open modules past file URIs that name no path, on the timer and on file events', async () => {
    // found by serverFaults under load: 300 ms after an open, the workspace modules were re-read
    // with fileURLToPath on every open `file:` URI, and `%ZZ` threw in a timer: the server died
    s = await startSession();
    for (const uri of ['file:///home/u/big%ZZ.nix', 'file://%%%/x.nix']) await s.open(uri, 'x: y\n');
    await s.open(URI, '{ lib, ... }: { options.fromOpenModule = lib.mkOption { }; }\n');
    await s.waitLog(/NixOS knowledge, workspace: ready\. .*\(1 files read\)/);
    await s.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///a%ZZ.nix', type: 2 }] });
    const h = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 0, character: 2 } });
    assert.ok(h, 'still answering');
    assert.deepEqual(s.logs.filter((l) => /malformed|failed/i.test(l)), []);
  });

  it('gives large files syntax-only diagnostics and a notice, and follows setting changes', async () => {
    s = await startSession({ settings: { maxFileSize: 40 } });
    const text = '{ pkgs, ... }:\n{\n  environment.systemPackages = [ firefox ];\n  x = ;\n}\n';
    const diags: Diagnostic[] = await s.open(URI, text);
    assert.deepEqual(diags.map((d) => d.code).filter((c) => c === 'undefined-variable'), []);
    assert.equal(diags.filter((d) => d.severity === 1).length, 1, 'the syntax error is still reported');
    assert.ok(s.messages.some((m) => /maxFileSize/.test(m)), JSON.stringify(s.messages));
    const hover = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 2, character: 35 } });
    assert.equal(hover, null);
    // Raising the limit brings every feature back.
    await s.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { nixHumanity: { maxFileSize: 1_000_000 } } });
    // (the first version's syntax-only diagnostics may be published again first, once the deferred knowledge is in)
    const full = await s.waitFor(URI, (p) => p.diagnostics.length > 1);
    assert.ok(full.diagnostics.some((d) => d.code === 'undefined-variable'), JSON.stringify(full.diagnostics));
  });

  it('survives any text: every prefix of a configuration gets diagnostics', async () => {
    s = await startSession();
    const text = '{ config, pkgs, lib, ... }:\nlet cfg = config.services.x; in {\n  options.x = lib.mkOption { type = lib.types.str; };\n  config = lib.mkIf cfg.enable { environment.etc."x".text = "${cfg.y}\\n"; };\n}\n';
    await s.open(URI, '');
    for (let i = 1; i <= text.length; i += 7) {
      const d = await s.change(URI, text.slice(0, i));
      assert.ok(Array.isArray(d));
    }
  });
});
