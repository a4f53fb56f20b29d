// The progress webview's page in real headless Chromium, loaded with the HTML and CSP the
// extension gives VS Code: a scripted stream of events renders, its buttons post the messages
// the host acts on, malformed messages are ignored, the askpass notice shows no password, and
// nothing breaks the content-security policy.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { SystemEventParams, SystemRunEvent } from '../../server/src/protocol/systemRun';
import { progressHtml } from '../../client/src/webviewHtml';
import type { HostMessage, PageMessage } from '../../client/src/webviewMessages';
import { root } from '../support/vsix';

const ORIGIN = 'https://webview.test';
const NONCE = 'bm9uY2UtZm9yLXRoZS10ZXN0';
const SHOTS = path.join(root, '.test-tmp', 'screenshots');

interface TestGlobals {
  posted: PageMessage[];
  violations: string[];
  postMessage(message: unknown, target: string): void;
  document: { body: { innerText: string } };
}

// Stands in for VS Code's acquireVsCodeApi and records violations of the policy.
const PRELUDE = `
window.posted = []; window.violations = []; let saved;
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => saved, setState: (s) => { saved = s; } });
`;

let browser: Browser;
let page: Page;
let seq = 0;
const ID = 'op-1';

const event = (e: SystemRunEvent): SystemEventParams => ({ id: ID, seq: seq++, at: Date.now(), event: e });
async function send(message: HostMessage): Promise<void> {
  await page.evaluate((m) => (globalThis as unknown as TestGlobals).postMessage(m, '*'), message);
}
async function sendEvents(...events: SystemRunEvent[]): Promise<void> {
  await send({ type: 'events', id: ID, events: events.map(event) });
}
const posted = () => page.evaluate(() => (globalThis as unknown as TestGlobals).posted);
const violations = () => page.evaluate(() => (globalThis as unknown as TestGlobals).violations);

const progress = (done: number, expected: number, running: number, current: { name: string; phase?: string; elapsedMs: number }[] = []): SystemRunEvent => ({
  type: 'progress',
  builds: { done, expected, running, failed: 0 },
  copies: { done: 1, expected: 2, running: 1, failed: 0 },
  download: { doneBytes: 3 * 1048576, expectedBytes: 12 * 1048576 },
  copyBytes: { doneBytes: 0, expectedBytes: 0 },
  current: current.map((c) => ({ drv: `/nix/store/x-${c.name}.drv`, ...c })),
});

describe('the progress webview page (headless Chromium)', function () {
  this.timeout(60_000);

  before(async () => {
    assert.ok(existsSync(path.join(root, 'dist', 'webview.js')), 'dist/webview.js is missing: npm run build');
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/index.html') {
        const html = progressHtml({ cspSource: ORIGIN, nonce: NONCE, script: `${ORIGIN}/webview.js`, style: `${ORIGIN}/webview.css`, prelude: PRELUDE });
        return route.fulfill({ contentType: 'text/html', body: html });
      }
      const file = path.join(root, 'dist', path.basename(url.pathname));
      return route.fulfill({ contentType: file.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(file) });
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => (globalThis as unknown as TestGlobals).posted.some((m) => m.type === 'ready'));
  });

  after(async () => {
    await browser?.close();
  });

  it('renders a scripted stream: phases with counts and bars, downloads, running builds, log', async () => {
    await send({ type: 'operation', operation: { id: ID, title: 'Apply Configuration', startedAt: Date.now() - 2000, changesSystem: true }, events: [] });
    await sendEvents(
      { type: 'phase', phase: 'evaluating', message: 'Evaluating /etc/nixos/configuration.nix.' },
      { type: 'log', source: 'nix', text: 'evaluating file /etc/nixos/configuration.nix' },
      { type: 'phase', phase: 'building', message: 'Building the system.' },
      progress(2, 5, 1, [{ name: 'hello-2.12.1', phase: 'buildPhase', elapsedMs: 4200 }]),
      { type: 'log', source: 'build', text: 'hello> compiling hello.c' },
      { type: 'log', source: 'build', text: 'nano> configure: checking for gcc' },
    );
    await page.locator('.phase.active', { hasText: 'Build' }).waitFor();
    assert.equal(await page.locator('.phase.done', { hasText: 'Evaluate' }).count(), 1);
    assert.match(await page.locator('.phase.active').innerText(), /2\/5, 1 running/);
    assert.equal(await page.locator('.phase.active progress').getAttribute('value'), '2');
    assert.equal(await page.locator('.phase.active progress').getAttribute('max'), '5');
    assert.match(await page.locator('#downloads').innerText(), /Downloaded 3\.0 MiB of 12\.0 MiB/);
    assert.match(await page.locator('#builds').innerText(), /hello-2\.12\.1 \(buildPhase\), 4\.2 s/);
    assert.equal(await page.locator('#live').innerText(), 'Build: Building the system.');
    assert.equal(await page.locator('#live').getAttribute('aria-live'), 'polite');
    assert.match(await page.locator('#log').innerText(), /compiling hello\.c/);
    await page.locator('#search').fill('gcc');
    assert.equal(await page.locator('#log').innerText(), 'nano> configure: checking for gcc');
    assert.match(await page.locator('#log-count').innerText(), /1 of 3 lines match/);
    await page.locator('#search').fill('');
    await page.screenshot({ path: path.join(SHOTS, 'webview-building.png') });
  });

  it('Cancel posts the cancel message, by mouse and by keyboard', async () => {
    await page.locator('#cancel').click();
    assert.deepEqual((await posted()).filter((m) => m.type === 'cancel'), [{ type: 'cancel', id: ID }]);
    await page.locator('#cancel').focus();
    await page.keyboard.press('Enter');
    assert.equal((await posted()).filter((m) => m.type === 'cancel').length, 2);
  });

  it('ignores messages that are not ours or for another run', async () => {
    const before = await page.locator('#log').innerText();
    await send({ type: 'events', id: 'another-run', events: [{ id: 'another-run', seq: 99, at: 0, event: { type: 'log', source: 'nix', text: 'NOT MINE' } }] });
    await page.evaluate(() => (globalThis as unknown as TestGlobals).postMessage({ type: 'events', id: 'op-1', events: [{ seq: 'x' }] }, '*'));
    await page.evaluate(() => (globalThis as unknown as TestGlobals).postMessage('<img src=x onerror=alert(1)>', '*'));
    assert.equal(await page.locator('#log').innerText(), before);
  });

  it('the askpass notice says where to type and never shows the password', async () => {
    // Even a host message carrying a password field (it never does) shows no password.
    await page.evaluate((id) => (globalThis as unknown as TestGlobals).postMessage({ type: 'askpass', id, waiting: true, prompt: '[sudo] password for me:', password: 'hunter2-secret' }, '*'), ID);
    await page.locator('#askpass').waitFor();
    assert.equal(await page.locator('#askpass').getAttribute('role'), 'alert');
    const text = await page.evaluate(() => (globalThis as unknown as TestGlobals).document.body.innerText);
    assert.ok(!text.includes('hunter2'), 'the password is nowhere on the page');
    assert.equal(await page.locator('input[type=password]').count(), 0, 'the page has no password field of its own');
    await send({ type: 'askpass', id: ID, waiting: false, prompt: '' });
    await page.locator('#askpass').waitFor({ state: 'hidden' });
  });

  it('an error item opens its file and offers the fix', async () => {
    const file = '/home/me/nixos/configuration.nix';
    await sendEvents(
      { type: 'diagnostic', file, range: { start: { line: 4, character: 38 }, end: { line: 4, character: 42 } }, severity: 'error', code: 'missing-attribute', message: 'The attribute `helo` does not exist in this set. Did you mean `hello`?', fixes: [{ title: "Change to 'hello'", edits: [{ file, range: { start: { line: 4, character: 38 }, end: { line: 4, character: 42 } }, newText: 'hello' }] }] },
      { type: 'result', ok: false, outcome: 'failed', action: 'switch', backend: 'direct', elevation: 'none', durationMs: 812, message: "The configuration did not evaluate: attribute 'helo' missing. Nothing was changed.", exitCode: 1 },
    );
    const open = page.locator('#errors button.link');
    await open.waitFor();
    assert.equal(await open.innerText(), 'configuration.nix:5:39');
    const seqOfDiagnostic = seq - 2;
    await open.click();
    await page.locator('#errors button.fix').click();
    const sent = await posted();
    assert.deepEqual(sent.filter((m) => m.type === 'openFile'), [{ type: 'openFile', id: ID, seq: seqOfDiagnostic }]);
    assert.deepEqual(sent.filter((m) => m.type === 'applyFix'), [{ type: 'applyFix', id: ID, seq: seqOfDiagnostic, fix: 0 }]);
    assert.equal(await page.locator('#state').innerText(), 'Failed');
    assert.ok(await page.locator('#cancel').isHidden(), 'no Cancel once it ended');
    await page.screenshot({ path: path.join(SHOTS, 'webview-error.png') });
  });

  it('the summary: generation, duration, package changes, units, Roll Back', async () => {
    seq = 0;
    await send({ type: 'operation', operation: { id: ID, title: 'Apply Configuration', startedAt: Date.now(), changesSystem: true }, events: [] });
    await sendEvents(
      { type: 'phase', phase: 'activating', message: 'Activating generation 2.' },
      { type: 'summary', generation: 2, previousGeneration: 1, diff: { added: [{ name: 'htop', version: '3.3.0' }], removed: [], changed: [{ name: 'nano', from: '7.1', to: '7.2', direction: 'upgrade' }], closureBytes: { from: 1, to: 2, delta: 1 } }, unitsRestarted: ['sshd.service'], preparedBuild: true },
      { type: 'result', ok: true, outcome: 'ok', action: 'switch', backend: 'direct', elevation: 'none', durationMs: 1530, generation: 2, message: 'Switched to generation 2.' },
    );
    const summary = page.locator('#summary');
    await summary.locator('#rollback').waitFor();
    const text = await summary.innerText();
    assert.match(text, /Generation 2\. Took 1\.5 s\. A prepared build was used/);
    assert.match(text, /Against generation 1: 1 added, 0 removed, 1 changed/);
    assert.match(text, /\+ htop 3\.3\.0/);
    assert.match(text, /~ nano 7\.1 → 7\.2/);
    assert.match(text, /Units restarted: sshd\.service/);
    assert.equal(await page.locator('#state').innerText(), 'Done');
    await summary.locator('#rollback').click();
    assert.deepEqual((await posted()).filter((m) => m.type === 'rollback'), [{ type: 'rollback', id: ID }]);
    await page.screenshot({ path: path.join(SHOTS, 'webview-summary.png') });
  });

  it('keeps what it showed across a reload (the state VS Code restores)', async () => {
    await page.evaluate(() => (globalThis as unknown as { location: { reload(): void } }).location.reload());
    // The stand-in API keeps no state across a real reload; what matters is that the page reads
    // getState first. Here it starts empty and asks the host again.
    await page.waitForFunction(() => (globalThis as unknown as TestGlobals).posted.some((m) => m.type === 'ready'));
  });

  it('reports no content-security-policy violation (and would: an inline script without the nonce is blocked)', async () => {
    assert.deepEqual(await violations(), []);
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { createElement(t: string): { textContent: string }; body: { append(n: unknown): void } } }).document;
      const s = doc.createElement('script');
      s.textContent = 'window.injected = 1';
      doc.body.append(s);
    });
    await page.waitForFunction(() => (globalThis as unknown as TestGlobals).violations.length > 0);
    assert.match((await violations())[0]!, /script-src/);
  });
});
