// Unsure matches are not edits (server/src/intent/safety.ts): a short or everyday word is no typo
// of a name, a word found only in a description names nothing unless it is a name, and what is
// not applied is offered as the nearest things. The requests of test-fixtures/intents check the
// edits with real Nix; these check what the answer says.
import assert from 'node:assert/strict';
import { understand } from '../../server/src/intent/index.js';
import { everydayWord, isFontPackage, spelledBy, typoMayName } from '../../server/src/intent/safety.js';
import { testIndex } from './support.js';

const paths = (text: string) => understand(text, testIndex()).intents.flatMap((i) => i.changes.map((c) => c.path.join('.')));

describe('intent: unsure matches are not edits', function () {
  it('a typo of a name is a long word that is no everyday word', function () {
    for (const w of ['swap', 'tcp', 'not', 'me', 'dave', 'game', 'music', 'language', 'team']) assert.ok(!typoMayName(w), w);
    for (const w of ['firefx', 'syncthign', 'thunderbrid', 'discrod']) assert.ok(typoMayName(w), w);
    assert.ok(everydayWord('containers') && !everydayWord('minecraft'));
    // Typos of names still read.
    assert.deepEqual(understand('instal firefx', testIndex()).intents.map((i) => i.summary), ['install firefox']);
    assert.deepEqual(paths('enable syncthign'), ['services.syncthing.enable']);
  });

  it('what is not applied is offered as the nearest things', function () {
    const u = understand('add dave', testIndex());
    assert.deepEqual(u.intents, []);
    assert.ok(u.unknown[0]!.nearest.includes('package dive'), u.unknown[0]!.nearest.join(', '));
    // Two options alike by their descriptions: the one naming nothing the request does not (GnuPG)
    // is read (settings.ts), the other offered beside it, never silently dropped.
    const s = understand('enable smart card support', testIndex());
    assert.deepEqual(s.intents.flatMap((i) => i.changes.map((c) => c.path.join('.'))), ['services.pcscd.enable']);
    assert.ok(s.alternatives[0]!.some((a) => a.intent.changes.some((c) => c.path.join('.') === 'hardware.gpgSmartcards.enable')));
  });

  it('a description match holds for a name or for words that spell the option', function () {
    assert.ok(!paths('make a swap of 2 giga').some((p) => /sway|zram/i.test(p)));
    assert.deepEqual(paths('enable the fingerprint reader'), ['services.fprintd.enable']);
    assert.ok(spelledBy(['programs', 'obs-studio', 'enableVirtualCamera'], 'the virtual camera'));
    assert.ok(!spelledBy(['zramSwap', 'enable'], 'swap'));
    assert.deepEqual(paths('disable pulse'), ['services.pipewire.pulse.enable']);
  });

  it('a feature named inside a longer name is not asked for', function () {
    assert.deepEqual(paths('trust the tailscale interface in the firewall').filter((p) => p.includes('tailscale')), []);
    assert.deepEqual(paths('can you get me the gnome disks app'), ['environment.systemPackages']);
    // the SSH setting itself, not SSH turned off (it was, before the words were read as a setting)
    assert.deepEqual(paths('disable keyboard-interactive auth for ssh'), ['services.openssh.settings.KbdInteractiveAuthentication']);
    assert.deepEqual(paths('I want to use podman with docker compatibility'), ['virtualisation.podman.enable', 'virtualisation.podman.dockerCompat']);
  });

  it('the request as a whole: program modules, fonts, no user made of a word', function () {
    assert.deepEqual(paths('install obs and enable the virtual camera'), ['programs.obs-studio.enable', 'programs.obs-studio.enableVirtualCamera']);
    assert.deepEqual(paths('add noto fonts and fira code'), ['fonts.packages']);
    const fonts = understand('add noto fonts and fira code', testIndex()).intents.flatMap((i) => i.changes);
    assert.deepEqual(fonts.flatMap((c) => (c.kind === 'listAdd' ? c.items.map((x) => ('package' in x ? x.package : x.text)) : [])), ['noto-fonts', 'fira-code']);
    assert.ok(isFontPackage('jetbrains-mono', testIndex()) && !isFontPackage('font-manager', testIndex()) && !isFontPackage('gnome-font-viewer', testIndex()));
    assert.deepEqual(paths('set up podman for containers'), ['virtualisation.podman.enable']);
    // "mark" stays a possible person, never a package or a word's option: with no user mark in the
    // configuration, only Docker (a group is added only for an account that exists, users.ts).
    assert.deepEqual(paths('enable docker for mark'), ['virtualisation.docker.enable']);
  });
});
