// The server hands its NixOS index (`server.nixos`) to diagnostics, hover, completion and
// definition; replacing it is seen by the next request and the next publish.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, DefinitionRequest, HoverRequest, type CompletionList, type Location } from 'vscode-languageserver';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import { LAYER, partialIndex } from '../ide/nixosFixture.js';
import { cursor, startSession, type Session } from './support.js';

const URI = 'file:///work/configuration.nix';

describe('language server: NixOS knowledge', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  it('starts with an empty index: no option checks', async () => {
    s = await startSession();
    assert.equal(s.server.nixos.size.options, 0);
    const diags = await s.open(URI, '{ config, ... }:\n{\n  services.prnting.enable = true;\n}\n');
    assert.deepEqual(diags.map((d) => d.code), []);
  });

  it('with an index: diagnostics, hover and completion read it', async () => {
    s = await startSession();
    s.server.nixos = partialIndex;
    const diags = await s.open(URI, '{ config, ... }:\n{\n  services.prnting.enable = "yes";\n  services.openssh = { };\n}\n');
    assert.deepEqual(diags.map((d) => d.code), ['unknown-option']);
    const h = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 14 } });
    assert.match(JSON.stringify(h?.contents), /a group of NixOS options/);
    const { position } = cursor('{ config, ... }:\n{\n  services.prnting.enable = "yes";\n  services.openssh = { $0};\n}\n');
    const list = (await s.client.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position })) as CompletionList;
    assert.deepEqual(list.items.slice(0, 3).map((i) => i.label), ['enable', 'ports', 'settings']);
  });

  it('go to definition opens the declaring module at its mkOption', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nh-decl-'));
    const declaring = path.join(dir, 'myapp.nix');
    writeFileSync(declaring, '{ lib, ... }:\n{\n  options.services.myapp.port = lib.mkOption { type = lib.types.port; };\n}\n');
    s = await startSession();
    s.server.nixos = new NixosIndex([LAYER, { source: 'workspace', options: [{ path: ['services', 'myapp', 'port'], type: { kind: 'port', text: 'port' }, description: '', declarations: [declaring], readOnly: false, source: 'workspace' }] }]);
    await s.open(URI, '{ config, ... }:\n{\n  services.myapp.port = 8080;\n}\n');
    const found = (await s.client.sendRequest(DefinitionRequest.type, { textDocument: { uri: URI }, position: { line: 2, character: 18 } })) as Location[];
    assert.deepEqual(found, [{ uri: pathToFileURL(declaring).href, range: { start: { line: 2, character: 2 }, end: { line: 2, character: 29 } } }]);
  });
});
