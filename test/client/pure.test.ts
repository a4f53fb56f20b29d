// The client's pure parts: where the system configuration is found without settings, and the
// checks on webview messages (the host acts only on what they let through), how Explain shows
// what it says.
import assert from 'node:assert/strict';
import { detectConfiguration } from '../../client/src/configDetect';
import { explainDisplay, TOAST_MAX } from '../../client/src/explainText';
import { DEFAULT_SETTINGS } from '../../client/src/systemRequest';
import { hostMessage, pageMessage } from '../../client/src/webviewMessages';

describe('zero-config detection of the system configuration', () => {
  const detect = (files: Record<string, string>, over = {}) => detectConfiguration({ ...DEFAULT_SETTINGS, ...over }, '/ws', (f) => f in files, (f) => files[f]);

  it('a flake with nixosConfigurations in the folder is built as that flake', () => {
    const d = detect({ '/ws/flake.nix': '{ outputs = { ... }: { nixosConfigurations.laptop = 1; }; }', '/ws/configuration.nix': '' });
    assert.equal(d.file, '/ws/flake.nix');
    assert.equal(d.settings.flake, '/ws');
  });

  it('a flake without NixOS systems does not count; configuration.nix becomes nixos-config', () => {
    const d = detect({ '/ws/flake.nix': '{ outputs = _: { packages = {}; }; }', '/ws/configuration.nix': '' });
    assert.equal(d.file, '/ws/configuration.nix');
    assert.deepEqual(d.settings.searchPath, ['nixos-config=/ws/configuration.nix']);
  });

  it('settings win: nixos-config in searchPath, then the flake setting', () => {
    assert.equal(detect({ '/ws/configuration.nix': '' }, { searchPath: ['nixos-config=/ws/system.nix'] }).file, '/ws/system.nix');
    assert.equal(detect({}, { flake: '/etc/nixos#laptop' }).file, '/etc/nixos/flake.nix');
  });

  it('nothing in the folder: /etc/nixos', () => {
    assert.equal(detect({}).file, '/etc/nixos/configuration.nix');
    assert.equal(detect({ '/etc/nixos/flake.nix': '' }).file, '/etc/nixos/flake.nix');
  });
});

describe('webview message checks', () => {
  it('takes exactly the page messages the host knows', () => {
    assert.deepEqual(pageMessage({ type: 'cancel', id: 'a' }), { type: 'cancel', id: 'a' });
    assert.deepEqual(pageMessage({ type: 'applyFix', id: 'a', seq: 3, fix: 0, extra: 'dropped' }), { type: 'applyFix', id: 'a', seq: 3, fix: 0 });
    for (const bad of [null, 'cancel', { type: 'cancel' }, { type: 'openFile', id: 'a', seq: -1 }, { type: 'openFile', id: 'a', seq: 1.5 }, { type: 'runShell', id: 'a' }, { type: 'applyFix', id: 'a', seq: 1 }, { type: 'cancel', id: 'x'.repeat(101) }]) {
      assert.equal(pageMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('checks host messages before the page shows them', () => {
    const ok = { type: 'events', id: 'a', events: [{ id: 'a', seq: 0, at: 1, event: { type: 'log', text: 'x', source: 'nix' } }] };
    assert.ok(hostMessage(ok));
    assert.equal(hostMessage({ ...ok, events: [{ id: 'a', seq: 0, at: 1, event: { type: 'script' } }] }), undefined);
    assert.equal(hostMessage({ type: 'operation', operation: { id: 'a' }, events: [] }), undefined);
    assert.equal(hostMessage({ type: 'askpass', id: 'a', waiting: 'yes', prompt: '' }), undefined);
  });
});

describe('how NixOS: Explain shows what it says', () => {
  const item = (line: number, text: string, option = 'time.timeZone') => ({ line, option, text });

  it('one short explanation: a notification, with the line and option unless concise', () => {
    assert.deepEqual(explainDisplay({ items: [item(3, 'Sets the time zone.')] }, 'c.nix', 'friendly'), { kind: 'toast', text: 'Line 4, time.timeZone: Sets the time zone.' });
    const longer = 'Sets the time zone to "Europe/Amsterdam" for you.';
    assert.equal(explainDisplay({ items: [item(3, longer)] }, 'c.nix', 'friendly').kind, 'page', 'too long for the toast with its line');
    assert.equal(explainDisplay({ items: [item(3, longer)] }, 'c.nix', 'concise').kind, 'toast', 'short enough alone');
    assert.deepEqual(explainDisplay({ items: [item(3, 'Sets the time zone.')] }, 'c.nix', 'concise'), { kind: 'toast', text: 'Sets the time zone.' });
    assert.deepEqual(explainDisplay({ items: [] }, 'c.nix', 'friendly'), { kind: 'toast', text: 'Nothing is set on these lines.' });
  });

  it('a long one: a page holding every word, never cut', () => {
    const long = `Turns on the OpenSSH server so you can log in from another machine; ${'it also opens port 22 in the firewall. '.repeat(4)}The end.`;
    assert.ok(long.length > TOAST_MAX);
    const shown = explainDisplay({ items: [item(15, long, 'services.openssh.enable')] }, 'configuration.nix', 'friendly');
    assert.equal(shown.kind, 'page');
    const md = shown.kind === 'page' ? shown.markdown : '';
    assert.ok(md.includes(long), md);
    assert.match(md, /^# configuration\.nix, line 16$/m);
    assert.match(md, /^## Line 16: `services\.openssh\.enable`$/m);
    assert.match(md, /Style: friendly/);
  });

  it('several lines: a page with one section each; Nix over lines kept in a fence', () => {
    const expert = 'environment.systemPackages = with pkgs; [\n    hello\n  ] (list of package). Installs hello.';
    const shown = explainDisplay({ items: [item(1, 'Sets the zone.'), item(4, expert, 'environment.systemPackages')] }, 'c.nix', 'expert');
    const md = shown.kind === 'page' ? shown.markdown : '';
    assert.match(md, /^# c\.nix, lines 2-5$/m);
    assert.ok(md.includes(`\`\`\`\n${expert}\n\`\`\``), md);
    assert.equal((md.match(/^## /gm) ?? []).length, 2);
  });
});
