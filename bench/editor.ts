// The editor's NixOS loop, measured in a real VS Code (code-server + headless Chromium) with the
// packaged extension, the real server and real Nix on the stand-in NixOS:
//  - from confirming Apply to the first event shown in the progress webview (confirmed after
//    1.5 s, as a person reading the dialog, and at once);
//  - the editor's overhead: confirm -> the summary in the webview, against the same switch run
//    by the CLI (process start to exit) right after each click;
//  the clock starts at a mouse click on the dialog's button and stops at the page's own stamp of
//  the frame that drew the change (data-shown-at);
//  - hover and as-you-type diagnostics latency, idle and while a (slow) build runs.
// Run alone with `node --import tsx bench/editor.ts`. Needs code-server (npm run setup:system).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Frame } from 'playwright-core';
import { openEditor, type Editor } from '../test/support/codeServer';
import { buildVsix, root } from '../test/support/vsix';
import { median } from './stats';

const RUNS = 7;
const STANDIN = path.join(root, 'test-fixtures', 'nixos-standin');
const NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =\nexperimental-features = nix-command flakes';

const HOVER_FILE = `{ config, pkgs, ... }:
let
  editor = "vim";
in
{
  services.openssh.enable = true;
  environment.systemPackages = [ pkgs.hello ];
  environment.variables.EDITOR = editor;
}
`;

async function webview(editor: Editor): Promise<Frame> {
  for (let i = 0; i < 300; i++) {
    for (const frame of editor.page.frames()) if (await frame.locator('#phases').count().catch(() => 0)) return frame;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no progress webview');
}

// Retried: right after the window opens, code-server sometimes drops the palette or its typing
// (seen in 3 bench runs of 9 at the first Apply); the timings start at the dialog's button.
async function runCommand(editor: Editor, title: string): Promise<void> {
  const { page } = editor;
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.keyboard.type(title);
    try {
      await row.waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt >= 6) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await row.click();
}

export async function benchEditor(): Promise<void> {
  const machine = mkdtempSync(path.join(os.tmpdir(), 'nh-bench-editor-'));
  mkdirSync(path.join(machine, 'profiles'));
  const profile = path.join(machine, 'profiles', 'system');
  const env = { NIX_CONFIG, NIX_HUMANITY_STATE_DIR: path.join(machine, 'state'), NIX_HUMANITY_CURRENT_SYSTEM: path.join(machine, 'current-system') };
  const system = (extra = '') => `{ pkgs, ... }:
{
  imports = [ ${path.join(STANDIN, 'configurations', 'basic', 'configuration.nix')} ];
  standin.activationLog = "${machine}/activations.log";
  standin.marker = "nh-bench-${path.basename(machine)}";
  ${extra}
}
`;
  const vsix = buildVsix(mkdtempSync(path.join(os.tmpdir(), 'nh-bench-vsix-')));
  const editor = await openEditor(vsix, {
    'configuration.nix': HOVER_FILE,
    'system.nix': system(),
    '.vscode/settings.json': JSON.stringify({
      'nixHumanity.system.backend': 'direct',
      'nixHumanity.system.elevate': 'none',
      'nixHumanity.system.checkOnSave': false,
      'nixHumanity.system.searchPath': [`nixpkgs=${path.join(STANDIN, 'nixpkgs')}`, 'nixos-config=${workspaceFolder}/system.nix'],
      'nixHumanity.system.profile': profile,
      'nixHumanity.system.env': env,
    }),
  });
  const { page } = editor;
  try {
    await page.getByRole('treeitem', { name: 'configuration.nix' }).click();
    await page.locator('.view-lines', { hasText: 'EDITOR' }).first().waitFor({ timeout: 60_000 });

    // 1 and 2: Apply in the editor, confirm -> first event shown, confirm -> Done shown.
    // The run goes to an operation runner started when the plan is asked for (as the dialog
    // opens): a click at once waits for its Node start, a person reading the dialog does not.
    // The same switch through the CLI, the way a person runs it in a terminal. Alternating: a
    // click after 1.5 s, the CLI, a click at once, the CLI (the reference measured
    // in the same minutes, so that a load that comes and goes weighs on both alike).
    const cli = path.join(root, 'dist', 'cli.cjs');
    const args = [cli, 'rebuild', 'switch', '-I', `nixpkgs=${path.join(STANDIN, 'nixpkgs')}`, '-I', `nixos-config=${path.join(editor.workspace, 'system.nix')}`, '--profile', profile, '--elevate', 'none', '--backend', 'direct'];
    const cliTotal: number[] = [];
    const runCli = () => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, cwd: editor.workspace, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`the CLI failed: ${r.stderr}`);
      return performance.now() - t0;
    };
    const firstEvent: number[] = [];
    const firstEventRead: number[] = [];
    const editorTotal: number[] = [];
    const editorTotalRead: number[] = [];
    const seenRead: number[] = [];
    const seenAtOnce: number[] = [];
    // Each click's summary against the CLI run right after it, in percent.
    const pairedRead: number[] = [];
    const pairedAtOnce: number[] = [];
    const dialog = page.locator('.monaco-dialog-box');
    for (let i = 0; i <= 2 * RUNS; i++) {
      const reading = i % 2 === 0;
      await runCommand(editor, 'NixOS: Apply Configuration');
      const button = dialog.getByRole('button', { name: 'Switch' });
      await button.waitFor({ timeout: 30_000 });
      if (reading) await new Promise((r) => setTimeout(r, 1500));
      // The person's click, as one mouse click on the button (Playwright's click() first waits
      // for the button to hold still over animation frames: tens of ms that are the bench's).
      const box = await button.boundingBox();
      if (!box) throw new Error('the dialog has no Switch button');
      const t0 = Date.now();
      const p0 = performance.now();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      // The times come from the page (the frame that drew the first event, the summary), not from
      // when this process's polling saw them: the polling's own delay is kept as a row apart.
      const view = await webview(editor);
      const shown = async (id: string) => {
        const at = await view.waitForFunction(([id, t0]) => {
          const page = globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null } };
          const at = Number(page.document.getElementById(id)?.dataset.shownAt);
          return at >= t0 ? at : false;
        }, [id, t0] as const, { timeout: 60_000, polling: 5 });
        return (await at.jsonValue()) as number;
      };
      const t1 = await shown('phases') - t0;
      const t2 = await shown('summary') - t0;
      const seen = performance.now() - p0;
      if (i > 0) (reading ? seenRead : seenAtOnce).push(seen);
      if (i > 0 && reading) {
        firstEventRead.push(t1);
        editorTotalRead.push(t2);
      }
      if (i > 0 && !reading) {
        firstEvent.push(t1);
        editorTotal.push(t2);
      }
      const cliMs = runCli();
      if (i > 0) {
        cliTotal.push(cliMs);
        (reading ? pairedRead : pairedAtOnce).push((t2 - cliMs) / cliMs * 100);
      }
    }


    // 3: hover and diagnostics, idle and during a slow build.
    const hoverAndDiagnostics = async () => {
      await page.getByRole('treeitem', { name: 'configuration.nix' }).click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type('8:36');
      await page.keyboard.press('Enter');
      const hover = page.locator('.monaco-hover', { hasText: 'vim' }).first();
      const h0 = performance.now();
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ timeout: 10_000 });
      const hoverMs = performance.now() - h0;
      await page.keyboard.press('Escape');
      // An undefined name typed at the end of line 8's value: time until it is underlined.
      await page.keyboard.press('Control+G');
      await page.keyboard.type('8:40');
      await page.keyboard.press('Enter');
      const d0 = performance.now();
      await page.keyboard.type(' + zzq');
      await page.locator('.squiggly-error').first().waitFor({ timeout: 10_000 });
      const diagnosticsMs = performance.now() - d0;
      for (let k = 0; k < 6; k++) await page.keyboard.press('Backspace');
      await page.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 10_000 });
      return { hoverMs, diagnosticsMs };
    };
    const idle = [];
    for (let i = 0; i < RUNS; i++) idle.push(await hoverAndDiagnostics());
    writeFileSync(path.join(editor.workspace, 'system.nix'), system('standin.buildSeconds = 600;'));
    await runCommand(editor, 'NixOS: Build');
    const view = await webview(editor);
    await view.locator('.phase.active', { hasText: 'Build' }).waitFor({ timeout: 60_000 });
    const busy = [];
    for (let i = 0; i < RUNS; i++) busy.push(await hoverAndDiagnostics());
    const stillBuilding = await view.locator('.phase.active', { hasText: 'Build' }).count();
    await view.locator('#cancel').click();
    await view.locator('#state', { hasText: 'Cancelled' }).waitFor({ timeout: 30_000 });

    const ms = (v: number) => `${Math.round(v)} ms`;
    const overhead = (median(editorTotalRead) - median(cliTotal)) / median(cliTotal) * 100;
    const overheadAtOnce = (median(editorTotal) - median(cliTotal)) / median(cliTotal) * 100;
    console.log(`Medians of ${RUNS} runs; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}.\n`);
    console.log('| measure | median | aim |');
    console.log('|---|---|---|');
    console.log(`| confirm Apply -> first event shown in the webview, confirmed 1.5 s after the dialog opened | ${ms(median(firstEventRead))} | < 300 ms |`);
    console.log(`| the same, confirmed at once (waits for the runner's Node start) | ${ms(median(firstEvent))} | |`);
    console.log(`| confirm Apply -> summary shown (editor), confirmed after 1.5 s / at once | ${ms(median(editorTotalRead))} / ${ms(median(editorTotal))} | |`);
    console.log(`| the summary as the bench's polling saw it, after 1.5 s / at once | ${ms(median(seenRead))} / ${ms(median(seenAtOnce))} | |`);
    console.log(`| the same switch by the CLI (start to exit) | ${ms(median(cliTotal))} | |`);
    console.log(`| editor overhead over the CLI, confirmed after 1.5 s | ${overhead.toFixed(1)}% (${ms(median(editorTotalRead) - median(cliTotal))}) | < 5% |`);
    console.log(`| the same, confirmed at once | ${overheadAtOnce.toFixed(1)}% (${ms(median(editorTotal) - median(cliTotal))}) | |`);
    console.log(`| the overhead pair by pair (each click against the CLI run right after it, median), after 1.5 s / at once | ${median(pairedRead).toFixed(1)}% / ${median(pairedAtOnce).toFixed(1)}% | < 5% |`);
    console.log(`| hover, idle / while building | ${ms(median(idle.map((x) => x.hoverMs)))} / ${ms(median(busy.map((x) => x.hoverMs)))} | unchanged |`);
    console.log(`| diagnostics after typing, idle / while building | ${ms(median(idle.map((x) => x.diagnosticsMs)))} / ${ms(median(busy.map((x) => x.diagnosticsMs)))} | unchanged |`);
    if (!stillBuilding) console.log('\n(The build ended before the busy samples finished: they are not all under load.)');
  } finally {
    await editor.close();
    rmSync(machine, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href || fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchEditor();
}
