// The server hands its NixOS index (`server.nixos`: the embedded layer, the workspace's own
// modules, ...) to diagnostics, hover, completion and definition.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, DefinitionRequest, HoverRequest, type CompletionList, type Location } from 'vscode-languageserver';
import { cursor, startSession, type Session } from './support.js';

const URI = 'file:///work/configuration.nix';

describe('language server: NixOS knowledge', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  it('publishes the language diagnostics first, then again with the embedded index: a near-miss of a known option is flagged', async () => {
    s = await startSession();
    const first = await s.open(URI, '{ config, ... }:\n{\n  services.prnting.enable = true;\n  x = y;\n}\n');
    // the embedded knowledge is read once these are out (lsp/knowledgeSources.ts): no option checks in them
    assert.deepEqual(first.map((d) => d.code), ['undefined-variable']);
    const next = await s.waitFor(URI, (p) => p.diagnostics.length > 1);
    assert.equal(next.version, 1);
    assert.deepEqual(next.diagnostics.map((d) => d.code).sort(), ['undefined-variable', 'unknown-option']);
    assert.ok(s.server.nixos.size.options > 400, `${s.server.nixos.size.options} options`);
  });

  it('a request reads the deferred knowledge at once', async () => {
    s = await startSession();
    // asked before any diagnostics are out: the hover still knows the option
    await s.client.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nix', version: 1, text: '{ config, ... }:\n{\n  services.openssh = { };\n}\n' } });
    const h = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 2, character: 14 } });
    assert.match(JSON.stringify(h?.contents), /a group of NixOS options/);
  });

  it('diagnostics, hover and completion read the index', async () => {
    s = await startSession();
    await s.open(URI, '{ config, ... }:\n{\n  services.prnting.enable = "yes";\n  services.openssh = { };\n}\n');
    const diags = (await s.waitFor(URI, (p) => p.diagnostics.length > 0)).diagnostics;
    assert.deepEqual(diags.map((d) => d.code), ['unknown-option']);
    const h = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 14 } });
    assert.match(JSON.stringify(h?.contents), /a group of NixOS options/);
    const { position } = cursor('{ config, ... }:\n{\n  services.prnting.enable = "yes";\n  services.openssh = { $0};\n}\n');
    const list = (await s.client.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    for (const want of ['enable', 'ports', 'settings']) assert.ok(labels.includes(want), `${want} in ${labels.join(', ')}`);
  });

  it('go to definition opens the declaring module at its mkOption', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nh-decl-'));
    const declaring = path.join(dir, 'myapp.nix');
    const declaringText = '{ lib, ... }:\n{\n  options.services.myapp.port = lib.mkOption { type = lib.types.port; };\n}\n';
    writeFileSync(declaring, declaringText);
    s = await startSession();
    // An open module's own options join the index (the workspace source reads open documents).
    await s.open(pathToFileURL(declaring).href, declaringText);
    await s.open(URI, '{ config, ... }:\n{\n  services.myapp.port = 8080;\n}\n');
    // The workspace source gathers edits for a moment before it rebuilds the index: ask until it has.
    const ask = async () => (await s!.client.sendRequest(DefinitionRequest.type, { textDocument: { uri: URI }, position: { line: 2, character: 18 } })) as Location[];
    let found = await ask();
    for (let tries = 0; found.length === 0 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = await ask();
    }
    assert.deepEqual(found, [{ uri: pathToFileURL(declaring).href, range: { start: { line: 2, character: 2 }, end: { line: 2, character: 29 } } }]);
  });
});
