// The editor's side of plain-language requests, on the real server in-process: nixHumanity/ask
// (text, and a `# request` comment removed in the same edit), nixHumanity/explain.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { ASK, EXPLAIN } from '../../server/src/protocol/intent.js';
import { startSession, type Session } from '../lsp/support.js';
import { INTENTS_DIR } from './harness.js';
import { testIndex } from './support.js';

describe('intent: the editor requests', function () {
  let s: Session;
  let dir: string;
  let uri: string;
  let text: string;

  before(async function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nh-intent-lsp-'));
    cpSync(path.join(INTENTS_DIR, 'bases', 'flat'), dir, { recursive: true });
    process.env.NIX_HUMANITY_STATE_DIR = path.join(dir, '.state');
    s = await startSession();
    s.server.nixos = testIndex();
    uri = pathToFileURL(path.join(dir, 'configuration.nix')).toString();
    text = readFileSync(path.join(dir, 'configuration.nix'), 'utf8').replace('  # Bootloader.\n', '  # install firefox and enable bluetooth\n');
    await s.open(uri, text);
  });

  after(function () {
    s.close();
    delete process.env.NIX_HUMANITY_STATE_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it('ask: what was understood, the edit for the document, a preview', async function () {
    const r = await s.client.sendRequest(ASK, { text: 'instal firefx', uri });
    assert.equal(r.understood, true);
    assert.equal(r.intents[0]!.summary, 'install firefox');
    assert.deepEqual(Object.keys(r.edit.changes!), [uri]);
    assert.match(r.preview, /\n\+    firefox\n/);
  });

  it('a `# request` comment: done and the comment removed, in one edit', async function () {
    const line = text.split('\n').findIndex((l) => l.includes('# install firefox'));
    const r = await s.client.sendRequest(ASK, { text: '', uri, commentLine: line, removeComment: true });
    assert.equal(r.text, 'install firefox and enable bluetooth');
    assert.deepEqual(r.intents.map((i) => i.summary), ['install firefox', 'turn on Bluetooth']);
    assert.match(r.preview, /\n-  # install firefox and enable bluetooth\n/);
    assert.match(r.preview, /\n\+  hardware\.bluetooth\.enable = true;\n/);
  });

  it('not understood: no edit, the nearest things', async function () {
    const r = await s.client.sendRequest(ASK, { text: 'frobnicate the quux', uri });
    assert.equal(r.understood, false);
    assert.deepEqual(r.edit.changes, {});
    assert.equal(r.unknown[0]!.words, 'frobnicate the quux');
  });

  it('a file: URI that names no path: the ask says to open a configuration, the server lives on', async function () {
    const r = await s.client.sendRequest(ASK, { text: 'install firefox', uri: 'file:///a%ZZ.nix' });
    assert.equal(r.understood, false);
    assert.deepEqual(r.edit, { changes: {} });
    assert.match(r.messages.join(' '), /Open a NixOS configuration file first/);
    const again = await s.client.sendRequest(ASK, { text: 'instal firefx', uri });
    assert.equal(again.understood, true);
  });

  it('hover: plain words first, above the option; none for a name no one knows', async function () {
    const line = text.split('\n').findIndex((l) => l.startsWith('  services.openssh.enable'));
    const h = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 14 } });
    const md = (h?.contents as MarkupContent).value;
    assert.ok(md.startsWith('**In plain words:** Turns on the OpenSSH server'), md);
    assert.match(md, /\n---\n[^]*services\.openssh\.enable/);
    const other = 'my-local.nix';
    const local = pathToFileURL(path.join(dir, other)).toString();
    await s.open(local, '{ x = 1; }\n');
    const h2 = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: local }, position: { line: 0, character: 2 } });
    assert.doesNotMatch((h2?.contents as MarkupContent | undefined)?.value ?? '', /In plain words/);
  });

  it('explain: the lines asked, in the style asked', async function () {
    const line = text.split('\n').findIndex((l) => l.startsWith('  services.openssh.enable'));
    const r = await s.client.sendRequest(EXPLAIN, { uri, startLine: line, endLine: line, style: 'concise' });
    assert.deepEqual(r.items, [{ line, option: 'services.openssh.enable', text: 'Turns on the OpenSSH server so you can log in from another machine; it also opens port 22 in the firewall.' }]);
  });
});
