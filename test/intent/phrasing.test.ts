// Phrasings that are not "verb, then object" (intent/phrasing.ts, phrases.ts): asides are said
// how they were read and change nothing, and never hide a clause that names something to change.
import assert from 'node:assert/strict';
import { understand } from '../../server/src/intent/index.js';
import { testIndex } from './support.js';

const read = (text: string) => {
  const u = understand(text, testIndex());
  return { changes: u.intents.flatMap((i) => i.changes.map((c) => c.path.join('.'))), notes: u.intents.flatMap((i) => i.notes), unknown: u.unknown.map((x) => x.words) };
};

describe('intent: phrasings and asides', function () {
  it('an aside beside a request changes nothing and is said as why', function () {
    for (const [text, aside] of [
      ['install vscode, git is already there', 'git is already there'],
      ['time is wrong, i live in Mexico City', 'time is wrong'],
      ['hey, how do I get steam working? want to play some games', 'want to play some games'],
    ] as const) {
      const r = read(text);
      assert.deepEqual(r.unknown, [], text);
      assert.ok(r.notes.some((n) => n.includes(`"${aside}"`)), `${text}: ${r.notes.join(' | ')}`);
    }
  });

  it('a complaint is why, even when it names a feature', function () {
    assert.deepEqual(read('the wifi is slow, enable bluetooth').changes, ['hardware.bluetooth.enable']);
    // Someone leaving likewise ("team" is a typo away from steam); "her" after it is that person.
    assert.deepEqual(read('alice left the team, remove her user').changes, ['users.users.alice']);
  });

  it('an aside alone is not understood: it asks nothing', function () {
    for (const text of ['git is already there', 'time is wrong', 'new to nixos', 'want to play some games']) {
      const r = read(text);
      assert.deepEqual(r.changes, [], text);
      assert.equal(r.unknown.length, 1, text);
    }
  });

  it('a clause naming something no other clause asks for is never taken as an aside', function () {
    // "lutris" is asked for nowhere else: the clause stays, not understood, rather than hidden.
    const games = read('i want to play games with lutris, install steam');
    assert.deepEqual(games.unknown, ['play games with lutris']);
    // "docker isn't installed yet" beside a request for something else may ask for docker.
    // (Here the clause before frames it: docker is asked for; it is never said to be an aside.)
    const docker = read("install vim, docker isn't installed yet");
    assert.ok(!docker.notes.some((n) => n.includes('docker is not installed yet')), JSON.stringify(docker));
  });

  it('"it" read as the thing before never hides a clause as a second ask of that thing', function () {
    const r = read('enable docker and frobnicate it hourly');
    assert.deepEqual(r.changes, ['virtualisation.docker.enable']);
    assert.deepEqual(r.unknown, ['frobnicate it hourly']);
  });

  it('"it" is what the clause before named, a question included', function () {
    assert.deepEqual(read('whats my hostname? change it to nas').changes, ['networking.hostName']);
    assert.deepEqual(read('would it be a good idea to enable fstrim? if so do it').changes, ['services.fstrim.enable']);
  });

  it('lists, per-group states and topics keep each clause its own', function () {
    assert.deepEqual(read('1. install git\n2. install curl\n3. enable bluetooth').changes, ['environment.systemPackages', 'environment.systemPackages', 'hardware.bluetooth.enable']);
    const states = understand('postgres and nginx off, jellyfin on', testIndex()).intents.map((i) => i.changes.map((c) => `${c.path.join('.')}=${'value' in c ? c.value.text : ''}`)).flat();
    assert.deepEqual(states, ['services.postgresql.enable=false', 'services.nginx.enable=false', 'services.jellyfin.enable=true']);
    assert.deepEqual(read('sound: enable jack and disable pulse').changes, ['services.pipewire.jack.enable', 'services.pipewire.pulse.enable']);
  });
});
