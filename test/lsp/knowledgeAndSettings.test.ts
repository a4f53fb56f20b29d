// Builtin documentation from the user's `nix __dump-builtins`, the settings the server reads,
// the per-version document cache, and what is published when a file closes or has too many problems.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CompletionRequest,
  CompletionResolveRequest,
  DidChangeConfigurationNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_DIAGNOSTICS } from '../../server/src/lsp/publishDiagnostics.js';
import { TRUST_CHANGED } from '../../server/src/protocol/messages.js';
import { DEFAULT_SETTINGS, readSettings } from '../../server/src/lsp/settings.js';
import { AnalysisHost, diagnosticsOf } from '../../server/src/ide/analysisHost.js';
import { embeddedKnowledge } from '../../server/src/knowledge/builtins.js';
import { startSession, cursor, type Session } from './support.js';
import { expect } from '../support/expect.js';

const URI = 'file:///work/knowledge.nix';
const EMBEDDED_ADD = embeddedKnowledge().builtins.get('add')!.doc;

/** The real Nix's own dump, read here without the server's code (newer Nix wants nix-command). */
function realDump(): Record<string, { args: string[]; doc: string }> {
  for (const args of [['__dump-builtins'], ['--extra-experimental-features', 'nix-command', '__dump-builtins']]) {
    try {
      return JSON.parse(execFileSync('nix', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    } catch {
      // try the next form
    }
  }
  throw new Error('`nix __dump-builtins` failed: this suite needs the real Nix on PATH');
}

// ---- a session that hovers over a text it opens --------------------------------------------

interface KnowledgeSession extends Session {
  /** Opens `src` (with a `$0` marker) and returns the hover markdown there. */
  hoverAt(src: string, uri?: string): Promise<string | null>;
}

async function startKnowledgeSession(options: { trusted: boolean; settings?: unknown }): Promise<KnowledgeSession> {
  const s = await startSession(options);
  let version = 0;
  return {
    ...s,
    async hoverAt(src, uri = URI) {
      const { text, position } = cursor(src);
      if (version > 0) await s.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      await s.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nix', version: ++version, text } });
      const h = await s.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      return h ? (h.contents as MarkupContent).value : null;
    },
  };
}

const ADD = '{ x = builtins.ad$0d 1 2; }\n';
const ONLY_STANDIN = '{ x = builtins.onlyInStan$0din 1; }\n';

/** A stand-in `nix` that appends its arguments to `ran` and prints a small dump in Nix's format. */
function standIn(dir: string, name: string, addDoc: string): { exe: string; ran: string } {
  const exe = path.join(dir, name);
  const ran = path.join(dir, `${name}.ran`);
  const dump = JSON.stringify({
    add: { args: ['x', 'y'], arity: 2, doc: addDoc },
    onlyInStandin: { args: ['q'], arity: 1, doc: 'A builtin only the stand-in knows.' },
  });
  writeFileSync(exe, `#!/bin/sh\necho "$@" >> '${ran}'\ncat <<'JSON'\n${dump}\nJSON\n`);
  chmodSync(exe, 0o755);
  return { exe, ran };
}

/** A hover that must exist. */
function got(md: string | null): string {
  assert.ok(md !== null, 'no hover');
  return md;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('builtin documentation from the installed nix', function () {
  this.timeout(10_000);
  let s: KnowledgeSession | undefined;
  let dir: string;
  const savedPath = process.env.PATH;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nh-knowledge-'));
  });
  afterEach(() => {
    s?.close();
    s = undefined;
    process.env.PATH = savedPath;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a trusted session switches to the real nix dump (hover and completion docs)', async () => {
    const nixAdd = realDump().add!;
    assert.notEqual(nixAdd.doc.trim(), EMBEDDED_ADD, 'the dump and the embedded text must differ for this test to mean anything');
    s = await startKnowledgeSession({ trusted: true });
    await s.waitLog(/Builtin documentation read from nix \(\d+ builtins\)/);
    const md = got(await s.hoverAt(ADD));
    assert.ok(md.includes(nixAdd.doc.trim()), md);
    assert.ok(md.includes(`add ${nixAdd.args.join(' ')}`), md);
    assert.ok(!md.includes(EMBEDDED_ADD), md);
    // Completion after `builtins.` resolves to the same text.
    const { text, position } = cursor('{ x = builtins.$0; }\n');
    await s.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: URI } });
    await s.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'nix', version: 9, text } });
    const list = (await s.client.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position })) as CompletionList;
    const item = list.items.find((i) => i.label === 'add');
    assert.ok(item, JSON.stringify(list.items.map((i) => i.label)));
    const resolved: CompletionItem = item.documentation ? item : await s.client.sendRequest(CompletionResolveRequest.type, item);
    assert.equal((resolved.documentation as MarkupContent).value, nixAdd.doc.trim());
  });

  it('an untrusted session never runs nix and serves the embedded descriptions', async () => {
    const configured = standIn(dir, 'configured-nix', 'STAND-IN (configured)');
    const onPath = standIn(dir, 'nix', 'STAND-IN (PATH)');
    process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
    s = await startKnowledgeSession({ trusted: false, settings: { nixHumanity: { nix: { path: configured.exe } } } });
    const md = got(await s.hoverAt(ADD));
    assert.ok(md.includes(EMBEDDED_ADD), md);
    assert.equal(await s.hoverAt(ONLY_STANDIN), null);
    await sleep(300);
    assert.ok(!existsSync(configured.ran), 'the configured nix was run in an untrusted folder');
    assert.ok(!existsSync(onPath.ran), 'the nix on PATH was run in an untrusted folder');
    // Control: once trusted, the very same stand-in is run (so the check above could fail).
    await s.client.sendNotification(TRUST_CHANGED, { trusted: true });
    await s.waitLog(/Builtin documentation read from .*configured-nix/);
    assert.match(readFileSync(configured.ran, 'utf8'), /__dump-builtins/);
    assert.ok(!existsSync(onPath.ran));
    assert.ok((await s.hoverAt(ADD))?.includes('STAND-IN (configured)'));
  });

  it('a nix.path that does not exist leaves the embedded docs and a working server', async () => {
    const missing = path.join(dir, 'no-such-nix');
    s = await startKnowledgeSession({ trusted: true, settings: { nixHumanity: { nix: { path: missing } } } });
    await s.waitLog(/Could not run .*no-such-nix.*embedded/);
    const md = got(await s.hoverAt(ADD));
    expect`
      \`\`\`nix
      add a b
      \`\`\`

      The sum of two numbers.

      *Built into Nix (as \`builtins.add\`).*
    `.assertEq(md);
    // Still serving: another request on another document.
    assert.ok((await s.hoverAt('let f = 1; in f$0\n', 'file:///work/other.nix'))?.includes('f'));
  });

  it('honours nix.path, in initializationOptions and on a settings change (nested and flat keys)', async () => {
    const first = standIn(dir, 'first-nix', 'STAND-IN one.');
    const second = standIn(dir, 'second-nix', 'STAND-IN two.');
    s = await startKnowledgeSession({ trusted: true, settings: { nixHumanity: { nix: { path: first.exe } } } });
    await s.waitLog(/Builtin documentation read from .*first-nix/);
    expect`
      \`\`\`nix
      add x y
      \`\`\`

      STAND-IN one.

      *Built into Nix (as \`builtins.add\`).*
    `.assertEq(got(await s.hoverAt(ADD)));
    // A builtin only the dump lists gets a hover too (the embedded docs do not know it).
    expect`
      \`\`\`nix
      onlyInStandin q
      \`\`\`

      A builtin only the stand-in knows.

      *Built into Nix (as \`builtins.onlyInStandin\`).*
    `.assertEq(got(await s.hoverAt(ONLY_STANDIN)));
    // The settings change that editors send: the flat `nix.path` form is read too.
    await s.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { nixHumanity: { 'nix.path': second.exe } } });
    await s.waitLog(/Builtin documentation read from .*second-nix/);
    expect`
      \`\`\`nix
      add x y
      \`\`\`

      STAND-IN two.

      *Built into Nix (as \`builtins.add\`).*
    `.assertEq(got(await s.hoverAt(ADD)));
  });

  it('switching nix.path to a missing executable falls back to the embedded docs, as the log says', async () => {
    const first = standIn(dir, 'first-nix', 'STAND-IN one.');
    s = await startKnowledgeSession({ trusted: true, settings: { nixHumanity: { nix: { path: first.exe } } } });
    await s.waitLog(/Builtin documentation read from .*first-nix/);
    assert.ok((await s.hoverAt(ADD))?.includes('STAND-IN one.'));
    await s.client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { nixHumanity: { nix: { path: path.join(dir, 'gone') } } },
    });
    await s.waitLog(/Could not run .*gone.*embedded/);
    const md = got(await s.hoverAt(ADD));
    assert.ok(md.includes(EMBEDDED_ADD), md);
    assert.equal(await s.hoverAt(ONLY_STANDIN), null);
  });
});

describe('readSettings', () => {
  it('gives the defaults for nothing, non-objects and empty sections', () => {
    for (const raw of [undefined, null, 42, 'nix', [], {}, { nixHumanity: {} }, { nixHumanity: null }]) {
      assert.deepEqual(readSettings(raw), DEFAULT_SETTINGS, JSON.stringify(raw));
    }
    assert.deepEqual(DEFAULT_SETTINGS, { maxFileSize: 2_000_000, nixPath: 'nix', formatterCommand: [], knowledgeLive: true, knowledgeOptionsJson: '', knowledgeHost: '', intentStyle: 'friendly' });
    assert.deepEqual(readSettings({ knowledge: { live: false, optionsJson: ' /x/options.json ', host: 'h' } }), { ...DEFAULT_SETTINGS, knowledgeLive: false, knowledgeOptionsJson: '/x/options.json', knowledgeHost: 'h' });
  });

  it('never hands out the defaults object itself', () => {
    const s = readSettings(undefined);
    s.formatterCommand.push('x');
    assert.deepEqual(DEFAULT_SETTINGS.formatterCommand, []);
  });

  it('falls back to the default for each value of the wrong type, keeping the good ones', () => {
    const bad = [
      { maxFileSize: '100', nix: { path: 5 }, formatter: { command: 'nixfmt' } },
      { maxFileSize: -1, nix: { path: '' }, formatter: { command: ['nixfmt', 2] } },
      { maxFileSize: 0, nix: { path: '   ' }, formatter: { command: { 0: 'nixfmt' } } },
      { maxFileSize: Number.NaN, nix: 'nix', formatter: ['nixfmt'] },
      { maxFileSize: Number.POSITIVE_INFINITY, nix: null, formatter: null },
      { maxFileSize: null, 'nix.path': [], 'formatter.command': 'nixfmt' },
    ];
    for (const section of bad) {
      assert.deepEqual(readSettings(section), DEFAULT_SETTINGS, JSON.stringify(section));
      assert.deepEqual(readSettings({ nixHumanity: section }), DEFAULT_SETTINGS, JSON.stringify(section));
    }
    assert.deepEqual(readSettings({ maxFileSize: 'big', nix: { path: '/opt/nix' }, formatter: { command: 7 } }), {
      ...DEFAULT_SETTINGS,
      nixPath: '/opt/nix',
    });
  });

  it('reads what the VS Code client sends, with unset values as undefined', () => {
    assert.deepEqual(readSettings({ maxFileSize: undefined, nix: { path: undefined }, formatter: { command: undefined } }), DEFAULT_SETTINGS);
    assert.deepEqual(readSettings({ maxFileSize: 10, nix: { path: 'nix' }, formatter: { command: [] } }), { ...DEFAULT_SETTINGS, maxFileSize: 10 });
  });

  it('reads nix.path and formatter.command nested and flat, inside nixHumanity or as the section itself', () => {
    const want = { ...DEFAULT_SETTINGS, maxFileSize: 1234, nixPath: '/run/current-system/sw/bin/nix', formatterCommand: ['nixfmt', '--width=80'] };
    const nested = { maxFileSize: 1234, nix: { path: want.nixPath }, formatter: { command: want.formatterCommand } };
    const flat = { maxFileSize: 1234, 'nix.path': want.nixPath, 'formatter.command': want.formatterCommand };
    for (const section of [nested, flat]) {
      assert.deepEqual(readSettings(section), want, JSON.stringify(section));
      assert.deepEqual(readSettings({ nixHumanity: section }), want, JSON.stringify(section));
    }
    // A mix of the two forms.
    assert.deepEqual(readSettings({ nixHumanity: { nix: { path: want.nixPath }, 'formatter.command': want.formatterCommand, maxFileSize: 1234 } }), want);
    // The section wins over unrelated keys beside it.
    assert.deepEqual(readSettings({ nixHumanity: { nix: { path: '/a' } }, nix: { path: '/b' } }).nixPath, '/a');
    // A nested value of the wrong type does not hide a valid flat one (and the other way round).
    assert.deepEqual(readSettings({ nix: { path: 5 }, 'nix.path': want.nixPath, formatter: { command: 'nixfmt' }, 'formatter.command': want.formatterCommand, maxFileSize: 1234 }), want);
    assert.equal(readSettings({ nix: { path: want.nixPath }, 'nix.path': '' }).nixPath, want.nixPath);
  });

  it('trims nix.path and drops empty formatter arguments', () => {
    assert.equal(readSettings({ nix: { path: '  /usr/bin/nix \n' } }).nixPath, '/usr/bin/nix');
    assert.deepEqual(readSettings({ formatter: { command: ['', 'alejandra', '', '-q'] } }).formatterCommand, ['alejandra', '-q']);
    const input = ['nixfmt'];
    const s = readSettings({ formatter: { command: input } });
    s.formatterCommand.push('x');
    assert.deepEqual(input, ['nixfmt'], 'the caller\'s array is not shared');
  });
});

describe('AnalysisHost: results keyed by document version', () => {
  it('reuses the state and analysis for the same version and makes new ones for a new version', () => {
    const cache = new AnalysisHost(() => DEFAULT_SETTINGS.maxFileSize);
    let doc = TextDocument.create(URI, 'nix', 1, 'let a = 1; in a + b\n');
    const s1 = cache.get(doc);
    const a1 = s1.analysis;
    assert.ok(a1);
    assert.equal(cache.get(doc), s1, 'same version: same state');
    assert.equal(cache.get(doc).analysis, a1, 'same version: no re-analysis');
    assert.equal(cache.get(doc).parse, a1.parse);
    assert.equal(cache.get(TextDocument.create(URI, 'nix', 1, 'ignored: same version')), s1, 'the version is the key');
    assert.deepEqual(diagnosticsOf(s1).map((d) => d.code), ['undefined-variable']);

    doc = TextDocument.update(doc, [{ text: 'let a = 1; b = 2; in a + b\n' }], 2);
    const s2 = cache.get(doc);
    assert.notEqual(s2, s1, 'new version: new state');
    assert.equal(s2.version, 2);
    const a2 = s2.analysis;
    assert.ok(a2);
    assert.equal(a2.text, doc.getText());
    assert.deepEqual(diagnosticsOf(s2), [], 'the new version is analysed afresh: `b` is now defined');
    assert.equal(cache.get(doc), s2);
    assert.equal(cache.get(doc).analysis, a2);

    cache.forget(URI);
    assert.notEqual(cache.get(doc), s2, 'forgotten: computed again');
  });

  it('the server answers requests on one version from one analysis', async () => {
    const s = await startSession();
    try {
      await s.open(URI, 'let a = 1; in a\n');
      const doc = s.server.documents.get(URI)!;
      const state = s.server.host.get(doc);
      const analysis = state.analysis;
      await s.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 0, character: 14 } });
      assert.equal(s.server.host.get(doc), state);
      assert.equal(state.analysis, analysis);
      await s.change(URI, 'let a = 2; in a\n');
      assert.notEqual(s.server.host.get(s.server.documents.get(URI)!), state);
    } finally {
      s.close();
    }
  });
});

describe('published diagnostics: closing and the cap', function () {
  this.timeout(10_000);
  let s: Session;
  afterEach(() => s?.close());

  it('publishes an empty list when a file closes', async () => {
    s = await startSession();
    const diags = await s.open(URI, '{ x = y; }\n');
    assert.ok(diags.length > 0);
    // (the close's publish has no version; the open version's may come again first, with the NixOS checks)
    const cleared = s.waitFor(URI, (p) => p.version === undefined);
    await s.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: URI } });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('a change just before closing does not bring the squiggles back', async () => {
    s = await startSession();
    await s.open(URI, '{ x = y; }\n');
    await s.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: '{ x = y z; }\n' }],
    });
    await s.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: URI } });
    await s.waitFor(URI, (p) => p.diagnostics.length === 0);
    await s.server.idle();
    await sleep(50);
    const all = s.published(URI);
    assert.deepEqual(all.at(-1)!.diagnostics, [], JSON.stringify(all.map((p) => p.diagnostics.length)));
  });

  it(`publishes at most MAX_DIAGNOSTICS (${MAX_DIAGNOSTICS}) per file`, async () => {
    assert.equal(MAX_DIAGNOSTICS, 500);
    s = await startSession();
    const n = MAX_DIAGNOSTICS + 100;
    const text = `[\n${Array.from({ length: n }, (_, i) => `  v${i}`).join('\n')}\n]\n`;
    const diags = await s.open(URI, text);
    // More problems than the cap exist...
    assert.equal(diagnosticsOf(s.server.host.get(s.server.documents.get(URI)!)).length, n);
    // ...and exactly the cap is published, the first ones in the file.
    assert.equal(diags.length, MAX_DIAGNOSTICS);
    assert.ok(diags.every((d) => d.code === 'undefined-variable'));
    assert.equal(diags[0]!.range.start.line, 1);
    // At the cap exactly, nothing is dropped.
    const atCap = `[\n${Array.from({ length: MAX_DIAGNOSTICS }, (_, i) => `  w${i}`).join('\n')}\n]\n`;
    assert.equal((await s.change(URI, atCap)).length, MAX_DIAGNOSTICS);
    assert.equal((await s.change(URI, '[ w0 ]\n')).length, 1);
  });
});
