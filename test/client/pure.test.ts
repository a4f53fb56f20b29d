// The client's pure parts: where the system configuration is found without settings, and the
// checks on webview messages (the host acts only on what they let through).
import assert from 'node:assert/strict';
import { detectConfiguration } from '../../client/src/configDetect';
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
