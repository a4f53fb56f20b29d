import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DocumentFormattingRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  SelectionRangeRequest,
  SemanticTokensDeltaRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  WorkspaceSymbolRequest,
  type DocumentSymbol,
  type SemanticTokens,
  type SemanticTokensDelta,
  type SelectionRange,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startSession, cursor, type Session } from './support.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-fixtures/formatter');

const CONFIG = `{ config, pkgs, ... }:

{
  imports = [
    ./hardware-configuration.nix
  ];

  services.openssh.enable = true;
  networking = {
    hostName = "laptop";
    firewall.allowedTCPPorts = [ 22 ];
  };
}
`;

function names(symbols: DocumentSymbol[], prefix = ''): string[] {
  return symbols.flatMap((s) => [prefix + s.name, ...names(s.children ?? [], `${prefix}${s.name}/`)]);
}

describe('language server: outline, folding, tokens, links, formatting', function () {
  this.timeout(20_000);
  let s: Session;
  const made: string[] = [];
  afterEach(() => s?.close());
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  function tempConfig(): { dir: string; uri: string } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nh-structure-'));
    made.push(dir);
    writeFileSync(path.join(dir, 'hardware-configuration.nix'), '{ }\n');
    writeFileSync(path.join(dir, 'configuration.nix'), CONFIG);
    return { dir, uri: pathToFileURL(path.join(dir, 'configuration.nix')).href };
  }

  it('declares every structure feature with the semantic token legend', async () => {
    s = await startSession();
    const c = s.init.capabilities;
    for (const key of [
      'documentSymbolProvider', 'workspaceSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider',
      'semanticTokensProvider', 'documentLinkProvider', 'documentFormattingProvider',
    ] as const) {
      assert.ok(c[key], `${key} is declared`);
    }
    const legend = c.semanticTokensProvider!.legend;
    assert.ok(legend.tokenTypes.includes('parameter') && legend.tokenTypes.includes('property'));
    assert.ok(legend.tokenModifiers.includes('withScoped'));
  });

  it('outlines a configuration by attribute path', async () => {
    s = await startSession();
    const { uri } = tempConfig();
    await s.open(uri, CONFIG);
    const symbols = (await s.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const all = names(symbols);
    assert.ok(all.includes('services.openssh.enable'), all.join(', '));
    assert.ok(all.includes('networking/hostName'), all.join(', '));
    assert.ok(all.includes('networking/firewall.allowedTCPPorts'), all.join(', '));
    const ssh = symbols.find((x) => x.name === 'services.openssh.enable')!;
    assert.equal(ssh.selectionRange.start.line, 7);
  });

  it('finds symbols across the workspace folder, including unopened files', async () => {
    const { dir } = tempConfig();
    mkdirSync(path.join(dir, 'modules'));
    writeFileSync(path.join(dir, 'modules', 'desktop.nix'), '{ pkgs, ... }: { services.xserver.enable = true; }\n');
    s = await startSession({ rootUri: pathToFileURL(dir).href });
    const found = await s.client.sendRequest(WorkspaceSymbolRequest.type, { query: 'xserver' });
    assert.ok(Array.isArray(found) && found.length > 0, JSON.stringify(found));
    const hit = found.find((x) => x.name.includes('xserver'))!;
    assert.ok('location' in hit && hit.location.uri.endsWith('/modules/desktop.nix'), JSON.stringify(hit));
  });

  it('folds sets and lists, keeping the closing line visible', async () => {
    s = await startSession();
    const { uri } = tempConfig();
    await s.open(uri, CONFIG);
    const folds = (await s.client.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })) ?? [];
    const spans = folds.map((f) => `${f.startLine}-${f.endLine}${f.kind ? `:${f.kind}` : ''}`);
    assert.ok(spans.includes('3-4:imports'), spans.join(' '));
    assert.ok(spans.includes('8-10'), spans.join(' '));
  });

  it('grows the selection from a name to its binding and outwards', async () => {
    s = await startSession();
    const { text, position } = cursor('{\n  networking.host$0Name = "laptop";\n}\n');
    await s.open('file:///tmp/sel.nix', text);
    const [chain] = (await s.client.sendRequest(SelectionRangeRequest.type, {
      textDocument: { uri: 'file:///tmp/sel.nix' },
      positions: [position],
    })) as SelectionRange[];
    const ranges: string[] = [];
    for (let r: SelectionRange | undefined = chain; r; r = r.parent) {
      const doc = TextDocument.create('x', 'nix', 1, text);
      ranges.push(doc.getText(r.range));
    }
    assert.equal(ranges[0], 'hostName');
    assert.ok(ranges.includes('networking.hostName = "laptop";'), JSON.stringify(ranges));
    assert.equal(ranges.at(-1), text);
  });

  it('sends semantic tokens in full, by range and as a delta after an edit', async () => {
    s = await startSession();
    const uri = 'file:///tmp/tokens.nix';
    const text = '{ pkgs, ... }:\nlet port = 22; in\n{ x = port; y = pkgs.hello; }\n';
    await s.open(uri, text);
    const legend = s.init.capabilities.semanticTokensProvider!.legend;
    const full = (await s.client.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } })) as SemanticTokens;
    assert.ok(full.resultId, 'a result id for deltas');
    // Decode: the `pkgs` on line 2 is a parameter.
    let line = 0;
    let ch = 0;
    const decoded: Array<{ line: number; ch: number; type: string }> = [];
    for (let i = 0; i < full.data.length; i += 5) {
      line += full.data[i]!;
      ch = full.data[i]! === 0 ? ch + full.data[i + 1]! : full.data[i + 1]!;
      decoded.push({ line, ch, type: legend.tokenTypes[full.data[i + 3]!]! });
    }
    assert.ok(decoded.some((t) => t.line === 2 && t.ch === 16 && t.type === 'parameter'), JSON.stringify(decoded));
    assert.ok(decoded.some((t) => t.line === 2 && t.ch === 6 && t.type === 'variable'), JSON.stringify(decoded));

    const ranged = (await s.client.sendRequest(SemanticTokensRangeRequest.type, {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
    })) as SemanticTokens;
    assert.ok(ranged.data.length > 0 && ranged.data.length < full.data.length);

    await s.change(uri, 'pkgs', { start: { line: 2, character: 6 }, end: { line: 2, character: 10 } });
    const delta = (await s.client.sendRequest(SemanticTokensDeltaRequest.type, {
      textDocument: { uri },
      previousResultId: full.resultId!,
    })) as SemanticTokensDelta;
    assert.ok('edits' in delta, JSON.stringify(delta));
    assert.ok(delta.edits.length > 0);
  });

  it('gives a file over the size limit the features that need only the tree, names unresolved', async () => {
    s = await startSession({ settings: { maxFileSize: 40 } });
    const uri = 'file:///tmp/large.nix';
    await s.open(uri, CONFIG.replace('hostName = "laptop";', 'hostName = "laptop"; description = "see https://nixos.org/manual";'));
    const symbols = (await s.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.ok(symbols.some((x) => x.name === 'services.openssh.enable'), JSON.stringify(symbols.map((x) => x.name)));
    const folds = (await s.client.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })) ?? [];
    assert.ok(folds.some((f) => f.startLine === 8 && f.endLine === 10), JSON.stringify(folds));
    const [chain] = (await s.client.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: [{ line: 9, character: 5 }] })) ?? [];
    assert.ok(chain?.parent, 'a selection that grows outwards');
    const tokens = (await s.client.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } })) as SemanticTokens;
    const legend = s.init.capabilities.semanticTokensProvider!.legend;
    const types = new Set<string>();
    for (let i = 3; i < tokens.data.length; i += 5) types.add(legend.tokenTypes[tokens.data[i]!]!);
    // by syntax: keywords, strings, numbers, attribute names; no name is resolved, so none is a parameter
    assert.ok(types.has('string') && types.has('number'), [...types].join(', '));
    assert.ok(!types.has('parameter'), [...types].join(', '));
    const links = (await s.client.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) ?? [];
    assert.ok(links.some((l) => l.target?.startsWith('https://nixos.org/')), JSON.stringify(links));
  });

  it('links import paths to the files they open, and URLs to the web', async () => {
    s = await startSession();
    const { dir, uri } = tempConfig();
    const text = CONFIG.replace('{ config, pkgs, ... }:', '{ config, pkgs, ... }:\nlet manual = "see https://nixos.org/manual"; in\n');
    await s.open(uri, text);
    const links = (await s.client.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) ?? [];
    const targets = links.map((l) => l.target);
    assert.ok(targets.includes(pathToFileURL(path.join(dir, 'hardware-configuration.nix')).href), JSON.stringify(targets));
    assert.ok(targets.includes('https://nixos.org/manual'), JSON.stringify(targets));
  });

  it('formats with the configured formatter as minimal edits, in trusted folders only', async () => {
    const command = [process.execPath, path.join(FIXTURES, 'indent.mjs')];
    const uri = 'file:///tmp/format.nix';
    const text = '{\nfoo = 1;\n    bar = 2;\n}';
    s = await startSession({ trusted: true, settings: { nixHumanity: { formatter: { command } } } });
    await s.open(uri, text);
    const edits = (await s.client.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    const doc = TextDocument.create(uri, 'nix', 1, text);
    assert.equal(TextDocument.applyEdits(doc, edits), '{\n  foo = 1;\n  bar = 2;\n}');
    // Minimal: the untouched first and last lines are not part of any edit.
    assert.ok(edits.every((e) => e.range.start.line >= 1 && (e.range.end.line < 3 || (e.range.end.line === 3 && e.range.end.character === 0))), JSON.stringify(edits));
    s.close();

    s = await startSession({ trusted: false, settings: { nixHumanity: { formatter: { command } } } });
    await s.open(uri, text);
    const refused = await s.client.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(refused, []);
    assert.ok(s.messages.some((m) => /trusted/.test(m)), JSON.stringify(s.messages));
  });

  it('leaves a file untouched and says why when the formatter fails', async () => {
    const uri = 'file:///tmp/format-fail.nix';
    s = await startSession({
      trusted: true,
      settings: { nixHumanity: { formatter: { command: [process.execPath, path.join(FIXTURES, 'garbage.mjs')] } } },
    });
    await s.open(uri, '{ a = 1; }\n');
    const edits = await s.client.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(edits, []);
    assert.ok(s.messages.some((m) => /does not parse/.test(m)), JSON.stringify(s.messages));
  });
});
