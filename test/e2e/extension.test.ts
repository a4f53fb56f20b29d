import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Frame, Locator, Page } from 'playwright-core';
import os from 'node:os';
import path from 'node:path';
import { codeServerEntry, openEditor, type Editor } from '../support/codeServer';
import { buildVsix, manifest, root } from '../support/vsix';
import { NIX_CONFIG } from '../system/runner/support';

// A real VS Code (code-server) in headless Chromium, with the packaged VSIX installed the way a
// user installs it. Slow (tens of seconds), so one editor serves every test here.
const CONFIGURATION = `{ config, pkgs, ... }:
let
  editor = "vim";
in
{
  services.openssh.enable = true;
  environment.systemPackages = [ pkgs.firefox ];
  environment.variables.EDITOR = editor;
}
`;
const BROKEN = `{ pkgs, ... }:
{
  networking.hostName = "laptop"
  services.openssh.enable = true;
}
`;

interface SpanGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; className: string }> };
}

interface PageGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

/** How many times a server said it was ready, from the extension's log in code-server's user data. */
function serverStarts(): number {
  const logs = path.join(path.dirname(editor.workspace), 'user-data', 'logs');
  let count = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Nix for Humanity.log') count += (readFileSync(p, 'utf8').match(/nix-humanity \S+ ready/g) ?? []).length;
    }
  };
  walk(logs);
  return count;
}

let editor: Editor;

/** The throwaway machine the system commands act on: profile, state folder, activation log. */
const machine = mkdtempSync(path.join(os.tmpdir(), 'nh-e2e-machine-'));
const STANDIN = path.join(root, 'test-fixtures', 'nixos-standin');
const SYSTEM = `{ ... }:
{
  imports = [ ${path.join(STANDIN, 'configurations', 'basic', 'configuration.nix')} ];
  standin.activationLog = "${machine}/activations.log";
  standin.marker = "nh-e2e-${path.basename(machine)}";
}
`;
// The stand-in instead of /etc/nixos, no elevation (a temporary profile), the backend forced by the
// setting, and NIX_HUMANITY_BACKEND saying otherwise: a record saying "direct" came from the setting.
const WORKSPACE_SETTINGS = {
  'nixHumanity.system.backend': 'direct',
  'nixHumanity.system.elevate': 'none',
  'nixHumanity.system.searchPath': [`nixpkgs=${path.join(STANDIN, 'nixpkgs')}`, 'nixos-config=${workspaceFolder}/system.nix'],
  'nixHumanity.system.profile': path.join(machine, 'profiles', 'system'),
  'nixHumanity.system.env': {
    NIX_CONFIG,
    NIX_HUMANITY_STATE_DIR: path.join(machine, 'state'),
    NIX_HUMANITY_CURRENT_SYSTEM: path.join(machine, 'current-system'),
    NIX_HUMANITY_BACKEND: 'nixos-rebuild',
  },
};

/** The language server's own state folder: Ask's learning store is in it, not in the real home. */
const EDITOR_STATE = path.join(machine, 'editor-state');

/** Ask's learning store as the server wrote it (server/src/system/intentFiles.ts). */
function learned(): { picked: Record<string, string>; undone: Record<string, number> } | undefined {
  const file = path.join(EDITOR_STATE, 'intent-learning.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { picked: Record<string, string>; undone: Record<string, number> }) : undefined;
}

/** Waits for the store to say what `wanted` checks (the server writes it when told, a moment later). */
async function waitForLearned(what: string, wanted: (l: ReturnType<typeof learned>) => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!wanted(learned())) {
    assert.ok(Date.now() < deadline, `the learning store does not show ${what}: ${JSON.stringify(learned())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface OperationLine { action: string; backend: string; outcome: string; storePath?: string; generation?: number }

function operations(): OperationLine[] {
  const file = path.join(machine, 'state', 'operations.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as OperationLine);
}

async function waitForOperation(action: string, timeoutMs = 120_000): Promise<OperationLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = operations().find((o) => o.action === action);
    if (found) return found;
    assert.ok(Date.now() < deadline, `no ${action} in the operation log within ${timeoutMs} ms: ${JSON.stringify(operations())}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Presses the keys until `shown` appears (5 s a try, Escape between tries, `tries` at most): a
 * request right after a restart or an edit can come back empty, and a person asks again.
 */
/** Focuses the editor showing `text` through its input element, not a click: a click can land
 *  on the scrollbar's slider, the tabs or the explorer when the editor is scrolled or narrow. */
async function focusEditorShowing(page: Page, text: string): Promise<void> {
  const shown = page.locator('.monaco-editor', { has: page.locator('.view-line', { hasText: text }) }).first();
  await shown.locator('textarea.inputarea, .native-edit-context').first().focus();
}

async function pressUntilShown(page: Page, keys: string[], shown: Locator, tries: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    for (const key of keys) await page.keyboard.press(key);
    try {
      await shown.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= tries) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** The progress webview's page (VS Code nests it in two iframes). */
async function webview(timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of editor.page.frames()) {
      if (await frame.locator('#phases').count().catch(() => 0)) return frame;
    }
    assert.ok(Date.now() < deadline, 'no progress webview');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The frame (a webview's, nested in iframes) whose page shows `text`. */
async function frameWith(text: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of editor.page.frames()) {
      if (frame === editor.page.mainFrame()) continue;
      if (await frame.locator('body', { hasText: text }).count().catch(() => 0)) return frame;
    }
    assert.ok(Date.now() < deadline, `no frame shows "${text}"`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs a command from the palette by its full title, the way a person picks it. */
async function runCommand(title: string): Promise<void> {
  const { page } = editor;
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
}

describe('the extension in a real VS Code (code-server + Chromium)', function () {
  this.timeout(240_000);
  let vsix: string;

  before(async () => {
    codeServerEntry(); // fails with the install command when code-server or Chromium is missing
    vsix = buildVsix(mkdtempSync(path.join(os.tmpdir(), 'nix-humanity-vsix-')));
    mkdirSync(path.join(machine, 'profiles'));
    editor = await openEditor(vsix, {
      'configuration.nix': CONFIGURATION,
      'broken.nix': BROKEN,
      'system.nix': SYSTEM,
      // SSH off, so that Ask has both halves of "install firefox and enable ssh" to do.
      'demo/configuration.nix': readFileSync(path.join(root, 'test-fixtures', 'demo', 'configuration.nix'), 'utf8').replace('services.openssh.enable = true;', 'services.openssh.enable = false;'),
      'demo/hardware-configuration.nix': '{ ... }:\n{\n}\n',
      '.vscode/settings.json': JSON.stringify(WORKSPACE_SETTINGS, null, 2),
    }, { NIX_HUMANITY_STATE_DIR: EDITOR_STATE });
  });

  after(async () => {
    await editor?.close();
    rmSync(machine, { recursive: true, force: true });
  });

  it('installs the VSIX', () => {
    const listed = execFileSync(
      process.execPath,
      [codeServerEntry(), '--extensions-dir', editor.extensionsDir, '--list-extensions', '--show-versions'],
      { encoding: 'utf8' },
    );
    assert.match(listed, new RegExp(`^nix-for-humanity\\.nix-humanity@${manifest.version.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('opens .nix files as Nix and colours them with the grammar', async () => {
    const { page } = editor;
    await page.getByRole('treeitem', { name: 'configuration.nix' }).click();
    const mode = page.locator('#status\\.editor\\.mode');
    await mode.waitFor({ timeout: 60_000 });
    // Runs in the page, where `document` exists; the cast keeps DOM types out of the server's tsconfig.
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).document.querySelector('#status\\.editor\\.mode')?.textContent?.includes('Nix'),
      null,
      { timeout: 60_000 },
    );
    // `let` (a keyword) and `editor` (a plain name) end up in differently coloured token classes.
    const keyword = page.locator('.view-lines span span', { hasText: /^let$/ }).first();
    const attribute = page.locator('.view-lines span span', { hasText: /^services$/ }).first();
    await keyword.waitFor();
    // Tokenisation (TextMate, then semantic tokens) finishes after the text is drawn: until then
    // every span has the default class mtk1. Wait for the colouring instead of reading too early.
    await page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as SpanGlobals).document;
        const spans = Array.from(doc.querySelectorAll('.view-lines span span'));
        const let_ = spans.find((e) => e.textContent === 'let');
        return let_ !== undefined && let_.className !== 'mtk1';
      },
      null,
      { timeout: 60_000 },
    );
    const keywordClass = await keyword.getAttribute('class');
    const attributeClass = await attribute.getAttribute('class');
    assert.match(keywordClass ?? '', /mtk\d+/);
    assert.notEqual(keywordClass, 'mtk1', 'the keyword is coloured');
    assert.notEqual(attributeClass, keywordClass, 'attribute names and keywords are told apart');
    await editor.screenshot('configuration-open');
  });

  it('starts the language server, which reports a syntax error on the right line', async () => {
    const { page } = editor;
    await page.getByRole('treeitem', { name: 'broken.nix' }).click();
    const squiggle = page.locator('.squiggly-error');
    await squiggle.first().waitFor({ timeout: 90_000 });
    await page.keyboard.press('Control+Shift+M'); // the Problems panel, as a person would look
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /;/ }).first();
    await problem.waitFor({ timeout: 30_000 });
    const text = await problem.innerText();
    assert.match(text, /expected ';' after the value of `networking\.hostName`/);
    // The error sits at the end of the value that lacks its `;` (line 3), where the fix inserts it.
    assert.match(text, /\[Ln 3, Col 25\]/, `the error is at the end of line 3: ${text}`);
    await editor.screenshot('syntax-error');
  });

  it('restarts the language server from the command palette', async () => {
    const { page } = editor;
    await page.keyboard.press('F1');
    await page.keyboard.type('Nix: Restart Language Server');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Nix: Restart Language Server' }).first().waitFor();
    const before = serverStarts();
    await page.keyboard.press('Enter');
    // A new server process says it is ready in the extension's log...
    const deadline = Date.now() + 60_000;
    while (serverStarts() <= before) {
      assert.ok(Date.now() < deadline, `no second server start in the log (${before} before)`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // ...and publishes the diagnostics again.
    await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
  });

  it('hovers a local binding with its value, and completes names in scope', async () => {
    const { page } = editor;
    await page.getByRole('treeitem', { name: 'configuration.nix' }).click();
    await page.locator('.view-lines', { hasText: 'EDITOR' }).first().waitFor();
    // Line 8 is `  environment.variables.EDITOR = editor;`; column 36 is inside `editor`.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('8:36');
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: 'Ln 8, Col 36' }).first().waitFor({ timeout: 30_000 });
    // The server was just restarted by the previous test: until it has answered once, a hover
    // request can come back empty, so ask again the way a person would, a few times.
    const hover = page.locator('.monaco-hover', { hasText: 'vim' }).first();
    await pressUntilShown(page, ['Control+K', 'Control+I'], hover, 9);
    assert.match(await hover.innerText(), /editor/);
    await editor.screenshot('hover');
    await page.keyboard.press('Escape');

    // A new binding after line 8, typed the way a person types it.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('environment.variables.VISUAL = edi');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'editor' }).first();
    await pressUntilShown(page, ['Control+Space'], item, 9);
    await editor.screenshot('completion');
    await page.keyboard.press('Escape');
  });

  // Plain-language requests (issue 18), on the demo machine's configuration in demo/.
  /** Opens demo/configuration.nix (the demo's own, from test-fixtures) and waits for its text. */
  const openDemo = async () => {
    const { page } = editor;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+E');
    const demoFolder = page.getByRole('treeitem', { name: 'demo', exact: true });
    const demoFile = page.locator('.explorer-folders-view .monaco-list-row[aria-level="2"]', { hasText: 'configuration.nix' }).first();
    if (!(await demoFile.isVisible().catch(() => false))) await demoFolder.click();
    await demoFile.click();
    await page.locator('.view-lines', { hasText: 'networking.hostName = "demo"' }).first().waitFor({ timeout: 30_000 });
  };
  const goTo = async (lineCol: string) => {
    const { page } = editor;
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(lineCol);
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: `Ln ${lineCol.replace(':', ', Col ')}` }).first().waitFor({ timeout: 30_000 });
  };
  const demoErrors = async () => {
    const { page } = editor;
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').first().waitFor();
    // The Problems panel groups markers under a row per file; the demo file's row names its folder.
    return page.locator('.markers-panel .monaco-list-row', { hasText: /demo/ }).count();
  };

  it('NixOS: Ask "install firefox and enable ssh" previews the edit; applying writes and saves it, one undo step', async () => {
    const { page } = editor;
    const file = path.join(editor.workspace, 'demo', 'configuration.nix');
    // The web workbench saves a second after each edit by default; desktop VS Code does not. Off
    // here, so that what is on disk is what Ask saved (back on after the plain-words tests).
    writeFileSync(path.join(editor.workspace, '.vscode', 'settings.json'), JSON.stringify({ ...WORKSPACE_SETTINGS, 'files.autoSave': 'off' }, null, 2));
    await new Promise((r) => setTimeout(r, 2_000)); // the settings file is watched; give it a moment
    await openDemo();
    const errorsBefore = await demoErrors();
    await openDemo();
    await runCommand('NixOS: Ask...');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await page.keyboard.type('install firefox and enable ssh');
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const preview = await dialog.innerText();
    assert.match(preview, /Understood:/);
    assert.match(preview, /firefox/i);
    assert.match(preview, /^\+\s+firefox$/m, `the preview shows the added package: ${preview}`);
    assert.match(preview, /^\+\s+services\.openssh\.enable = true;$/m, `the preview shows SSH turned on: ${preview}`);
    await editor.screenshot('ask-preview');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page.locator('.notification-list-item', { hasText: 'Done:' }).first().waitFor({ timeout: 30_000 });
    await editor.screenshot('ask-applied');
    // Saved by Ask itself (the file was clean before): on disk, with no key pressed.
    const deadline = Date.now() + 30_000;
    while (!readFileSync(file, 'utf8').includes('firefox')) {
      assert.ok(Date.now() < deadline, `the edit was not saved: ${readFileSync(file, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const text = readFileSync(file, 'utf8');
    assert.match(text, /environment\.systemPackages = with pkgs; \[[^\]]*\bfirefox\b[^\]]*\];/, text);
    assert.match(text, /services\.openssh\.enable = true;/, text);
    assert.doesNotMatch(text, /services\.openssh\.enable = false;/, text);
    await page.locator('.tab.active', { hasText: 'configuration.nix' }).first().waitFor();
    assert.equal(await page.locator('.tab.active.dirty').count(), 0, 'the tab shows no unsaved changes');
    // One Edit > Undo takes back the whole request (both halves of it); Redo puts it back.
    const shown = async () => (await page.locator('.view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    await focusEditorShowing(page, 'firefox');
    assert.equal(learned(), undefined, 'nothing learnt yet');
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(() => !(globalThis as unknown as PageGlobals).document.querySelector('.view-lines')?.textContent?.includes('firefox'), null, { timeout: 10_000 });
    assert.match(await shown(), /services\.openssh\.enable = false;/, 'one undo step takes back SSH too');
    // The learning store heard the undo (Ctrl+Z, not the message's Undo button), for both readings...
    await waitForLearned('both readings undone', (l) => l?.undone['install firefox'] === 1 && l.undone['turn on the SSH server'] === 1);
    await page.keyboard.press('Control+Y');
    await page.waitForFunction(() => !!(globalThis as unknown as PageGlobals).document.querySelector('.view-lines')?.textContent?.includes('firefox'), null, { timeout: 10_000 });
    assert.match(await shown(), /services\.openssh\.enable = true;/);
    // ...and the redo takes it back: the person wanted the edit after all.
    await waitForLearned('the undo taken back', (l) => l !== undefined && Object.keys(l.undone).length === 0);
    // Back at the saved text: nothing unsaved.
    await page.waitForFunction(() => !(globalThis as unknown as PageGlobals).document.querySelector('.tab.active.dirty'), null, { timeout: 10_000 });
    // Diagnostics come after the change; give the server a moment, then look as a person would.
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(await editor.page.locator('.squiggly-error').count(), 0, 'no error in the edited file');
    assert.equal(await demoErrors(), errorsBefore, 'no new problem for the demo file');
  });

  it('Ctrl+Z of an Ask edit teaches Ask: the same request next time offers the other reading first; Forget undoes that', async () => {
    const { page } = editor;
    const file = path.join(editor.workspace, 'demo', 'configuration.nix');
    const askFor = async (text: string) => {
      await page.keyboard.press('Escape');
      await runCommand('NixOS: Ask...');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 30_000 });
      return dialog;
    };
    await openDemo();
    // "install docker" reads first as the NixOS service, with the bare package as the other reading.
    let dialog = await askFor('install docker');
    assert.match(await dialog.innerText(), /Understood: turn on Docker\./);
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page.locator('.notification-list-item', { hasText: 'Done: turn on Docker' }).first().waitFor({ timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    while (!readFileSync(file, 'utf8').includes('virtualisation.docker.enable = true;')) {
      assert.ok(Date.now() < deadline, `the edit was not saved: ${readFileSync(file, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Edit > Undo, the way a person takes an edit back without looking for the message's button.
    await focusEditorShowing(page, 'docker');
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(() => !(globalThis as unknown as PageGlobals).document.querySelector('.view-lines')?.textContent?.includes('docker'), null, { timeout: 10_000 });
    await waitForLearned('"turn on Docker" undone', (l) => l?.undone['turn on Docker'] === 1);
    assert.deepEqual(Object.keys(learned()!.undone), ['turn on Docker'], 'only what was undone');
    await page.keyboard.press('Control+S'); // disk and editor alike again, for the tests after this one
    await page.waitForFunction(() => !(globalThis as unknown as PageGlobals).document.querySelector('.tab.active.dirty'), null, { timeout: 10_000 });
    assert.doesNotMatch(readFileSync(file, 'utf8'), /docker/);
    // The same words again: the reading that was undone now comes second, and the preview says why.
    dialog = await askFor('install docker');
    let said = (await dialog.innerText()).replace(/\u00a0/g, ' ');
    await editor.screenshot('ask-after-undo');
    assert.match(said, /Understood: install docker\./, said);
    assert.match(said, /Ranked first because the first reading was undone before\./, said);
    assert.match(said, /^\+\s+docker$/m, `the preview adds the package: ${said}`);
    await dialog.getByRole('button', { name: 'Other readings...' }).click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'turn on Docker' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    // Forgetting everything brings the first reading back.
    await runCommand('NixOS: Forget What Ask Learned');
    const forgotten = Date.now() + 15_000;
    while (learned() !== undefined) {
      assert.ok(Date.now() < forgotten, `the store was not forgotten: ${JSON.stringify(learned())}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    dialog = await askFor('install docker');
    said = await dialog.innerText();
    assert.match(said, /Understood: turn on Docker\./, said);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    assert.doesNotMatch(readFileSync(file, 'utf8'), /docker/, 'nothing applied after the undo');
  });

  it('the code action on a "# install ..." comment performs it and removes the comment', async () => {
    const { page } = editor;
    const file = path.join(editor.workspace, 'demo', 'configuration.nix');
    await openDemo();
    // A new comment line after line 13 (`networking.hostName = "demo";`), typed as a person would.
    await goTo('13:1');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('# install vlc');
    const action = page.locator('.action-widget', { hasText: /Do: .*vlc/ }).getByText(/^Do: .*vlc/).first();
    await pressUntilShown(page, ['Control+.'], action, 7);
    await editor.screenshot('ask-comment-action');
    // The menu's pointer guard swallows clicks; choose with the keyboard, as the menu expects.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let step = 0; !/Do: .*vlc/.test((await focused.innerText().catch(() => '')) ?? ''); step++) {
      assert.ok(step < 20, 'the action is not in the menu');
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    // The typed comment was an unsaved change of the person's: Ask does not save it behind their
    // back, it says so and offers Save.
    const done = page.locator('.notification-list-item', { hasText: /Done:.*vlc/ }).first();
    await done.waitFor({ timeout: 30_000 });
    assert.match(await done.innerText(), /Not saved: configuration\.nix also holds unsaved changes of yours/);
    await done.getByRole('button', { name: 'Save' }).click();
    const deadline = Date.now() + 30_000;
    while (!/\bvlc\b/.test(readFileSync(file, 'utf8')) || readFileSync(file, 'utf8').includes('# install vlc')) {
      assert.ok(Date.now() < deadline, `the comment's request was not written: ${readFileSync(file, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /# install vlc/, 'the comment is gone');
    assert.match(text, /environment\.systemPackages = with pkgs; \[[^\]]*\bvlc\b[^\]]*\];/, text);
  });

  it('NixOS: Explain on a line shows the whole explanation, however long, in the chosen style', async () => {
    const { page } = editor;
    await openDemo();
    const line = readFileSync(path.join(editor.workspace, 'demo', 'configuration.nix'), 'utf8').split('\n').findIndex((l) => l.includes('services.openssh.enable')) + 1;
    await goTo(`${line}:5`);
    await runCommand('NixOS: Explain');
    // Longer than a notification shows whole: a Markdown page beside the code, every word of it.
    const frame = await frameWith('Turns on the OpenSSH server');
    const heading = await frame.locator('h2').first().innerText();
    assert.equal(heading, `Line ${line}: services.openssh.enable`);
    const said = await frame.locator('p', { hasText: 'Turns on the OpenSSH server' }).first().innerText();
    // The friendly style: the plain sentence, then the option's own description, both whole.
    assert.match(said, /^Turns on the OpenSSH server so you can log in from another machine; it also opens port 22 in the firewall\. \S.*\.$/, said);
    assert.ok(said.length > 100 && !said.includes('…'), `not cut: ${said}`);
    assert.match(await frame.locator('body').innerText(), /Style: friendly/);
    assert.equal(await page.locator('.notification-toast', { hasText: 'OpenSSH' }).count(), 0, 'not squeezed into a toast');
    await new Promise((r) => setTimeout(r, 500)); // the preview paints; the picture should show it
    await editor.screenshot('explain');
    // The next long one replaces the page in place: still one page, now about the host name.
    await openDemo();
    const host = readFileSync(path.join(editor.workspace, 'demo', 'configuration.nix'), 'utf8').split('\n').findIndex((l) => l.includes('networking.hostName')) + 1;
    await goTo(`${host}:5`);
    await runCommand('NixOS: Explain');
    const next = await frameWith('Names this machine');
    assert.equal(await next.locator('h2').first().innerText(), `Line ${host}: networking.hostName`);
    assert.equal(await page.locator('.tab', { hasText: 'Explanation.md' }).count(), 1, 'one page, refreshed');
    // A short one still fits a notification, whole: the concise style's sentence alone.
    writeFileSync(path.join(editor.workspace, '.vscode', 'settings.json'), JSON.stringify({ ...WORKSPACE_SETTINGS, 'files.autoSave': 'off', 'nixHumanity.intent.style': 'concise' }, null, 2));
    await new Promise((r) => setTimeout(r, 2_000)); // the settings file is watched; give it a moment
    await openDemo();
    await goTo(`${host}:5`);
    await runCommand('NixOS: Explain');
    const note = page.locator('.notification-list-item', { hasText: /Names this machine/ }).first();
    await note.waitFor({ timeout: 30_000 });
    const message = note.locator('.notification-list-item-message').first();
    assert.equal((await message.innerText()).trim(), 'Names this machine "demo" on the network.', 'concise: the sentence alone');
    // Whole, not cut off: the message's box holds all of its text.
    const fits = await message.evaluate((e) => {
      const box = e as unknown as { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number };
      return box.scrollWidth <= box.clientWidth && box.scrollHeight <= box.clientHeight;
    });
    await editor.screenshot('explain-short');
    assert.ok(fits, `the notification cuts the text off: ${await message.innerText()}`);
    await page.keyboard.press('Escape');
  });

  it('hovering a binding shows plain words first, above the technical hover', async () => {
    const { page } = editor;
    await openDemo();
    const line = readFileSync(path.join(editor.workspace, 'demo', 'configuration.nix'), 'utf8').split('\n').findIndex((l) => l.includes('services.openssh.enable')) + 1;
    await goTo(`${line}:14`);
    const hover = page.locator('.monaco-hover', { hasText: 'In plain words' }).first();
    await pressUntilShown(page, ['Control+K', 'Control+I'], hover, 9);
    const text = await hover.innerText();
    assert.match(text, /In plain words:.*SSH/is, text);
    await new Promise((r) => setTimeout(r, 300)); // the hover fades in; the picture should be readable
    await editor.screenshot('hover-plain-words');
    assert.ok(text.indexOf('In plain words') < 20, `plain words come first: ${text}`);
    await page.keyboard.press('Escape');
    // Leave the editor as the tests after these expect it: no demo tab open, the usual settings.
    await runCommand('View: Close All Editors');
    writeFileSync(path.join(editor.workspace, '.vscode', 'settings.json'), JSON.stringify(WORKSPACE_SETTINGS, null, 2));
  });

  it('NixOS: Build runs in the server and shows its progress in the webview, with the backend the setting forces', async () => {
    const { page } = editor;
    await page.keyboard.press('Escape');
    await runCommand('NixOS: Build');
    const record = await waitForOperation('build');
    assert.equal(record.backend, 'direct', 'the setting, not NIX_HUMANITY_BACKEND, chose the backend');
    assert.equal(record.outcome, 'ok', JSON.stringify(record));
    assert.match(record.storePath ?? '', /^\/nix\/store\/[0-9a-z]{32}-nixos-system-standin-/);
    // Like nixos-rebuild build: ./result in the folder the command ran in, the workspace.
    assert.equal(realpathSync(path.join(editor.workspace, 'result')), record.storePath);
    const view = await webview();
    await view.locator('#state', { hasText: 'Done' }).waitFor({ timeout: 30_000 });
    assert.match(await view.locator('#title').innerText(), /NixOS: Build/);
    await editor.screenshot('system-build');
  });

  it('NixOS: Apply Configuration asks first, naming the exact commands; cancelling runs nothing; confirming ends at generation 1', async () => {
    const { page } = editor;
    const profile = path.join(machine, 'profiles', 'system');
    const dialog = page.locator('.monaco-dialog-box');
    await runCommand('NixOS: Apply Configuration');
    await dialog.waitFor({ timeout: 30_000 });
    const text = await dialog.innerText();
    assert.match(text, /switch to it now \(switch\)\?/);
    assert.ok(text.includes(`1. nix-env -p ${profile} --set <built system>`), text);
    assert.ok(text.includes('2. NIXOS_INSTALL_BOOTLOADER=0 <built system>/bin/switch-to-configuration switch'), text);
    await editor.screenshot('system-switch-confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await runCommand('NixOS: Apply Configuration');
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Switch' }).click();
    const view = await webview();
    await view.locator('#summary', { hasText: 'Generation 1.' }).waitFor({ timeout: 120_000 });
    const record = await waitForOperation('switch');
    assert.equal(record.outcome, 'ok', JSON.stringify(record));
    assert.equal(record.backend, 'direct');
    assert.equal(record.generation, 1);
    assert.equal(realpathSync(profile), record.storePath);
    // The stand-in's switch-to-configuration ran once, for this system: the cancelled one did nothing.
    assert.deepEqual(readFileSync(path.join(machine, 'activations.log'), 'utf8').trim().split('\n'), [`switch ${record.storePath} 0`]);
    // Check-on-save dry builds may run in between; the person's operations are these two.
    assert.deepEqual(operations().map((o) => o.action).filter((a) => a !== 'dry-build'), ['build', 'switch']);
    assert.equal(await view.locator('#state').innerText(), 'Done');
    assert.ok(await view.locator('#summary #rollback').isVisible(), 'the summary offers Roll Back');
    await page.locator('.statusbar-item', { hasText: 'NixOS' }).first().waitFor();
    await editor.screenshot('apply-summary');
  });

  it('a broken configuration: the error on its line in the Problems panel, a working fix, cleared by the next apply', async () => {
    const { page } = editor;
    const system = path.join(editor.workspace, 'system.nix');
    // pkgs.helo: a misspelt package, on line 5 of system.nix.
    writeFileSync(system, SYSTEM.replace('standin.marker', 'environment.systemPackages = [ pkgs.helo ];\n  standin.marker').replace('{ ... }:', '{ pkgs, ... }:'));
    const dialog = page.locator('.monaco-dialog-box');
    await runCommand('NixOS: Apply Configuration');
    await dialog.getByRole('button', { name: 'Switch' }).click();
    const view = await webview();
    await view.locator('#errors button.link', { hasText: 'system.nix:5:' }).waitFor({ timeout: 60_000 });
    await editor.screenshot('apply-error');
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'helo' }).first();
    await problem.waitFor({ timeout: 30_000 });
    const text = await problem.innerText();
    assert.match(text, /Did you mean `hello`/);
    assert.match(text, /nixos-build/);
    assert.match(text, /\[Ln 5, Col \d+\]/, `on line 5: ${text}`);
    await editor.screenshot('problems-panel');
    // The quick fix, from the Problems panel the way a person reaches it.
    await problem.dblclick();
    await page.locator('.statusbar-item', { hasText: /Ln 5, Col/ }).first().waitFor({ timeout: 30_000 });
    const fix = page.locator('.action-widget', { hasText: "Change to 'hello'" }).getByText("Change to 'hello'").first();
    await pressUntilShown(page, ['Control+.'], fix, 5);
    await editor.screenshot('quick-fix');
    // The build's fix is the preferred one, selected first: Enter applies it.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 30_000;
    while (!readFileSync(system, 'utf8').includes('pkgs.hello')) {
      assert.ok(Date.now() < deadline, `the fix was not applied and saved: ${readFileSync(system, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await runCommand('NixOS: Apply Configuration');
    await dialog.getByRole('button', { name: 'Switch' }).click();
    await view.locator('#summary', { hasText: 'Generation 2.' }).waitFor({ timeout: 120_000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'helo' }).first().waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('rolls back from the generations view', async () => {
    const { page } = editor;
    const profile = path.join(machine, 'profiles', 'system');
    await page.locator('.activitybar [aria-label^="NixOS"]').first().click();
    const current = page.locator('.monaco-list-row', { hasText: 'Generation 2' }).first();
    await current.waitFor({ timeout: 30_000 });
    assert.match(await current.innerText(), /current/);
    await editor.screenshot('generations-view');
    await current.hover();
    await current.locator('.action-label[aria-label="Roll Back"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /Roll back to generation 1/);
    await dialog.getByRole('button', { name: 'Roll Back' }).click();
    // The plan names the generation it goes to, so the run goes exactly there (--to 1).
    const record = await waitForOperation('generation-switch');
    assert.equal(record.outcome, 'ok', JSON.stringify(record));
    assert.match(path.basename(readlinkSync(profile)), /system-1-link$/);
    await page.locator('.monaco-list-row', { hasText: /Generation 1.*current/ }).first().waitFor({ timeout: 30_000 });
    // Diff with current, from the other generation's row: a readable Markdown view.
    const other = page.locator('.monaco-list-row', { hasText: 'Generation 2' }).first();
    await other.hover();
    await other.locator('.action-label[aria-label="Diff Generations"]').click();
    await page.locator('.view-lines', { hasText: 'Generation 2 → 1' }).first().waitFor({ timeout: 30_000 });
    await editor.screenshot('generations-diff');
    await page.keyboard.press('Control+Shift+E');
  });

  it('cancels a slow build from the webview, and nothing changes', async () => {
    const profile = path.join(machine, 'profiles', 'system');
    const before = readlinkSync(profile);
    const resultBefore = realpathSync(path.join(editor.workspace, 'result'));
    writeFileSync(path.join(editor.workspace, 'system.nix'), SYSTEM.replace('standin.marker', 'standin.buildSeconds = 120;\n  standin.marker').replace(`nh-e2e-${path.basename(machine)}`, `nh-e2e-slow-${path.basename(machine)}`));
    await runCommand('NixOS: Build');
    const view = await webview();
    await view.locator('.phase.active', { hasText: 'Build' }).waitFor({ timeout: 60_000 });
    await view.locator('#cancel').click();
    await view.locator('#state', { hasText: 'Cancelled' }).waitFor({ timeout: 30_000 });
    const cancelled = operations().filter((o) => o.action === 'build').pop()!;
    assert.equal(cancelled.outcome, 'cancelled');
    assert.equal(readlinkSync(profile), before, 'the profile did not move');
    assert.equal(realpathSync(path.join(editor.workspace, 'result')), resultBefore, './result still points at the earlier build');
    // No builder is left running (pgrep exits 1 when nothing matches).
    assert.equal(spawnSync('pgrep', ['-f', `nh-e2e-slow-${path.basename(machine)}`]).status, 1, 'no builder left behind');
  });

  it('a window reload during Apply: the build goes on, the view comes back with the whole log and the new generation', async () => {
    const { page } = editor;
    const profile = path.join(machine, 'profiles', 'system');
    const generationOf = () => (existsSync(profile) ? Number(/system-(\d+)-link$/.exec(readlinkSync(profile))?.[1] ?? 0) : 0);
    const [before, newest] = [generationOf(), Math.max(0, ...readdirSync(path.dirname(profile)).map((f) => Number(/^system-(\d+)-link$/.exec(f)?.[1] ?? 0)))];
    const marker = `nh-e2e-reload-${path.basename(machine)}`;
    // The NixOS commands show where a Nix file is open.
    await page.getByRole('treeitem', { name: 'system.nix', exact: true }).click();
    await page.locator('.view-lines', { hasText: 'standin.marker' }).first().waitFor({ timeout: 60_000 });
    writeFileSync(path.join(editor.workspace, 'system.nix'), SYSTEM.replace('standin.marker', 'standin.buildSeconds = 20;\n  standin.marker').replace(`nh-e2e-${path.basename(machine)}`, marker));
    await runCommand('NixOS: Apply Configuration');
    await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Switch' }).click();
    let view = await webview();
    await view.locator('.phase.active', { hasText: 'Build' }).waitFor({ timeout: 60_000 });
    const logBefore = (await view.locator('#log').innerText()).split('\n').filter((l) => l.trim());
    assert.ok(logBefore.length > 0, 'the log has lines before the reload');
    const starts = serverStarts();
    const reloadedAt = Date.now();
    await runCommand('Developer: Reload Window');
    // The new window's server, and the restored view showing the run taken up from its runner.
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const deadline = Date.now() + 60_000;
    while (serverStarts() <= starts) {
      assert.ok(Date.now() < deadline, 'no new server after the reload');
      await new Promise((r) => setTimeout(r, 200));
    }
    const serverMs = Date.now() - reloadedAt;
    view = await webview(60_000);
    await view.locator('#log', { hasText: logBefore[0]! }).waitFor({ timeout: 60_000 });
    const shownMs = Date.now() - reloadedAt;
    await view.locator('#summary', { hasText: `Generation ${newest + 1}.` }).waitFor({ timeout: 120_000 }).catch(async (error) => {
      await editor.screenshot('reload-during-apply-failed');
      throw error;
    });
    await editor.screenshot('reload-during-apply');
    // The whole log: every line shown before the reload is there, and the activation's after it.
    const logAfter = await view.locator('#log').innerText();
    for (const line of logBefore) assert.ok(logAfter.includes(line), `the log after the reload has "${line}"`);
    assert.equal(await view.locator('#state').innerText(), 'Done');
    assert.equal(generationOf(), newest + 1, `the profile moved from ${before} to the new generation`);
    const record = operations().filter((o) => o.action === 'switch').pop()!;
    assert.equal(record.outcome, 'ok', JSON.stringify(record));
    assert.equal(record.generation, newest + 1);
    assert.equal(spawnSync('pgrep', ['-f', marker]).status, 1, 'no builder left behind');
    assert.equal(spawnSync('pgrep', ['-f', path.join(machine, 'state', 'runs')]).status, 1, 'no runner left behind');
    console.log(`      reload: new server ready after ${serverMs} ms, the run's log shown again after ${shownMs} ms`);
  });

  it('check on save marks an evaluation error before Apply; with build ahead, Apply only activates', async () => {
    const { page } = editor;
    const system = path.join(editor.workspace, 'system.nix');
    const settingsFile = path.join(editor.workspace, '.vscode', 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ...WORKSPACE_SETTINGS, 'nixHumanity.system.buildAhead': true, 'nixHumanity.system.checkOnSaveDelay': 100 }, null, 2));
    const marker = `nh-e2e-ahead-${path.basename(machine)}`;
    const broken = SYSTEM.replace(`nh-e2e-${path.basename(machine)}`, marker).replace('standin.marker', 'environment.systemPackages = [ pkgs.helo ];\n  standin.marker').replace('{ ... }:', '{ pkgs, ... }:');
    const saveFromEditor = async () => {
      await page.getByRole('treeitem', { name: 'system.nix', exact: true }).click();
      // The broken text's own marker: the editor may still show the earlier tests' text, and a
      // space typed into that would save it back over the broken file.
      await page.locator('.view-line', { hasText: marker }).first().waitFor();
      await focusEditorShowing(page, marker);
      await page.locator('.monaco-editor.focused').first().waitFor({ timeout: 10_000 });
      const written = statSync(system).mtimeMs;
      await page.keyboard.press('Control+End');
      await page.keyboard.type(' ');
      await page.keyboard.press('Control+S');
      const saved = Date.now() + 15_000;
      while (statSync(system).mtimeMs === written) {
        assert.ok(Date.now() < saved, 'the editor did not save system.nix');
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(readFileSync(system, 'utf8'), /pkgs\.helo\b/, 'the broken text was saved, not an older one');
    };
    await page.keyboard.press('Control+Shift+E');
    writeFileSync(system, broken);
    await saveFromEditor();
    // No Apply: the background check found it, underlined on its line (the static checks cannot
    // know pkgs has no helo; only the evaluation does).
    const squiggle = page.locator('.squiggly-error');
    await squiggle.first().waitFor({ timeout: 60_000 });
    // Fixed in the editor with the check's quick fix, then saved: the next check clears it.
    await page.keyboard.press('Control+G');
    await page.keyboard.type('5:39');
    await page.keyboard.press('Enter');
    const fix = page.locator('.action-widget', { hasText: "Change to 'hello'" }).getByText("Change to 'hello'").first();
    await pressUntilShown(page, ['Control+.'], fix, 5);
    await page.keyboard.press('Enter');
    const started = Date.now();
    await page.keyboard.press('Control+S');
    await squiggle.first().waitFor({ state: 'detached', timeout: 60_000 });
    assert.match(readFileSync(system, 'utf8'), /pkgs\.hello/);
    // The build ahead: a background build of the saved configuration, kept by its GC root.
    const deadline = Date.now() + 120_000;
    const aheadDone = () => operations().some((o) => o.action === 'build' && o.outcome === 'ok' && Date.parse((o as unknown as { start: string }).start) >= started - 1000);
    while (!aheadDone()) {
      assert.ok(Date.now() < deadline, `no build ahead: ${JSON.stringify(operations())}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The extension notes the prepared build once the run's answer reaches it, just after the log.
    await new Promise((r) => setTimeout(r, 1000));
    await runCommand('NixOS: Apply Configuration');
    await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Switch' }).click();
    const view = await webview();
    await view.locator('#summary', { hasText: 'A prepared build was used' }).waitFor({ timeout: 60_000 });
    await editor.screenshot('build-ahead');
  });
});
