// The long tail of options: values read from the words (addresses, interfaces, paths, domains,
// shares, channels, flakes) and the settings found by what they do. Whole requests are checked
// with real Nix in requests.test.ts; here the readers, and readings that must not be made.
import assert from 'node:assert/strict';
import { understand } from '../../server/src/intent/index.js';
import { absolutePath, channelName, domainName, flakeRef, interfaceName, ipv4s, percent, sizeMiB } from '../../server/src/intent/values.js';
import { testIndex } from './support.js';

const changed = (text: string) => understand(text, testIndex()).intents.flatMap((i) => i.changes.map((c) => c.path.join('.')));

describe('intent: the long tail', function () {
  it('reads addresses, interfaces, paths and DNS names from the words', function () {
    assert.deepEqual(ipv4s('static ip 192.168.1.10 on eth0'), [{ address: '192.168.1.10' }]);
    assert.deepEqual(ipv4s('10.0.0.5/16 and 1.1.1.1'), [{ address: '10.0.0.5', prefix: 16 }, { address: '1.1.1.1' }]);
    assert.deepEqual(ipv4s('version 1.2.3.400'), []);
    assert.equal(interfaceName('wake on lan for enp3s0'), 'enp3s0');
    assert.equal(interfaceName('trust docker0 in the firewall'), 'docker0');
    assert.equal(interfaceName('the ethernet card'), undefined);
    assert.equal(absolutePath('mounted at /boot/efi'), '/boot/efi');
    assert.equal(absolutePath('from this flake : /etc/nixos#laptop'), '/etc/nixos');
    assert.equal(domainName('set the domain name to home.lan'), 'home.lan');
    assert.equal(domainName('the nixos-24.05 channel'), undefined);
    assert.equal(domainName('at 192.168.1.1'), undefined);
  });

  it('reads shares, sizes, channels and flake references', function () {
    assert.equal(percent('a quarter of my ram'), 25);
    assert.equal(percent('half of the memory'), 50);
    assert.equal(percent('zram at 30%'), 30);
    assert.equal(percent('zram please'), undefined);
    assert.equal(sizeMiB('a swap of 2 giga'), 2048);
    assert.equal(channelName('upgrade from the nixos-24.05 channel'), 'nixos-24.05');
    assert.equal(channelName('nixos-unstable'), 'nixos-unstable');
    assert.equal(flakeRef('auto upgrade from /etc/nixos#laptop'), '/etc/nixos#laptop');
    assert.equal(flakeRef('from github:me/dots#host'), 'github:me/dots#host');
    assert.equal(flakeRef('/etc/nixos'), undefined);
  });

  it('finds yes/no settings by what they do, and the general one before a program\'s own', function () {
    assert.deepEqual(changed('tmpfs for /tmp'), ['boot.tmp.useTmpfs']);
    assert.deepEqual(changed('the hardware clock is in local time because of windows'), ['time.hardwareClockInLocalTime']);
    assert.deepEqual(changed('turn on printer browsing for network printers'), ['services.printing.browsing']);
    // (hardware.gpgSmartcards names GnuPG, which the words do not)
    assert.deepEqual(changed('enable smart card support'), ['services.pcscd.enable']);
    assert.deepEqual(changed('PermitRootLogin no'), ['services.openssh.settings.PermitRootLogin']);
  });

  it('reads nothing from too few words, and leaves names the index knows to their rules', function () {
    assert.deepEqual(changed('fix the clock'), []);
    assert.deepEqual(changed('the boot takes too long'), []);
    assert.deepEqual(changed('enable the redis server'), []);
    assert.deepEqual(changed('use 8.8.8.8'), []);
    assert.deepEqual(changed('trust alice'), []);
    // AMD's and Intel's microcode are described alike: not this rule's to pick
    assert.ok(!understand('enable microcode updates', testIndex()).intents[0]?.notes.some((n) => n.includes('by what it does')));
    assert.deepEqual(changed('enable jellyfin and syncthing'), ['services.jellyfin.enable', 'services.syncthing.enable']);
  });
});
