// Reading requests: values (time zones, locales, layouts, ports, schedules), several intents a
// sentence, negation, typos, everyday names, alternatives with reasons, what is not understood.
import assert from 'node:assert/strict';
import { ask, understand, schedule, timeZone, isTimeZone, ports } from '../../server/src/intent/index.js';
import { baseWorkspace } from './harness.js';
import { age, keyboardLayout, locale, sizeMiB, isHostName, timeZoneNames } from '../../server/src/intent/values.js';
import { testIndex } from './support.js';

const summaries = (text: string) => understand(text, testIndex()).intents.map((i) => i.summary);

describe('intent: values', function () {
  it('time zones: IANA names, cities, countries; nothing made up', function () {
    assert.ok(timeZoneNames().length > 550);
    assert.equal(timeZone('europe/berlin'), 'Europe/Berlin');
    assert.equal(timeZone('tokyo'), 'Asia/Tokyo');
    assert.equal(timeZone('new york'), 'America/New_York');
    assert.equal(timeZone('los angeles'), 'America/Los_Angeles');
    assert.equal(timeZone('japan'), 'Asia/Tokyo');
    assert.equal(timeZone('mars'), undefined);
    assert.ok(isTimeZone('America/Argentina/Buenos_Aires'));
    assert.ok(!isTimeZone('Europe/Springfield'));
  });

  it('schedules as systemd calendar events', function () {
    assert.equal(schedule('weekly'), 'weekly');
    assert.equal(schedule('every day at 3'), '*-*-* 03:00:00');
    assert.equal(schedule('every night at 11pm'), '*-*-* 23:00:00');
    assert.equal(schedule('every sunday at 4am'), 'Sun *-*-* 04:00:00');
    assert.equal(schedule('at 02:30'), '*-*-* 02:30:00');
    assert.equal(schedule('monthly'), 'monthly');
    assert.equal(schedule('install firefox'), undefined);
  });

  it('ports and ranges, locales, layouts, host names, ages, sizes', function () {
    assert.deepEqual(ports('80, 443 and 8000-8010'), [{ port: 80 }, { port: 443 }, { from: 8000, to: 8010 }]);
    assert.deepEqual(ports('99999'), []);
    assert.equal(locale('german'), 'de_DE.UTF-8');
    assert.equal(locale('en_gb.utf8'), 'en_GB.UTF-8');
    assert.deepEqual(keyboardLayout('dvorak'), { layout: 'us', variant: 'dvorak' });
    assert.ok(isHostName('kitchen-pc') && !isHostName('my.host') && !isHostName('-x'));
    assert.equal(age('older than 2 weeks'), '14d');
    assert.equal(age('older than a month'), '30d');
    assert.equal(sizeMiB('8GB'), 8192);
  });
});

describe('intent: understanding', function () {
  it('several intents a sentence, with verbs carried over', function () {
    assert.deepEqual(summaries('install firefox, vim and git, then enable ssh'), ['install firefox', 'install vim', 'install git', 'turn on the SSH server']);
    assert.deepEqual(summaries('open ports 80 and 443'), ['open TCP port 80 in the firewall', 'open TCP port 443 in the firewall']);
  });

  it('negation and removal', function () {
    assert.deepEqual(summaries("don't allow root login over ssh"), ['forbid logging in as root over SSH']);
    assert.deepEqual(summaries('turn off printing'), ['turn off printing (CUPS)']);
    assert.deepEqual(summaries("don't ask for a password for sudo"), ['let administrators use sudo without a password']);
    assert.deepEqual(summaries('remove vim'), ['remove vim']);
  });

  it('typos and everyday names, and says how it read them', function () {
    const u = understand('instal firefx', testIndex());
    assert.equal(u.intents[0]!.summary, 'install firefox');
    assert.match(u.intents[0]!.notes.join(' '), /Read "firefx" as firefox \(nearest package name/);
    assert.match(u.intents[0]!.notes.join(' '), /instal -> install/);
    assert.deepEqual(summaries('install vs code'), ['install vscode']);
    assert.deepEqual(summaries('enable syncthign'), ['turn on services.syncthing']);
  });

  it('grounded in the index: an option nobody listed by hand', function () {
    const u = understand('enable fail2ban', testIndex());
    assert.deepEqual(u.intents[0]!.changes, [{ kind: 'set', path: ['services', 'fail2ban', 'enable'], value: { text: 'true' } }]);
  });

  it('ambiguity: ranked alternatives with reasons', function () {
    const u = understand('install a web browser', testIndex());
    assert.equal(u.intents[0]!.summary, 'install firefox');
    assert.deepEqual(u.alternatives[0]!.map((a) => [a.intent.summary, a.reason]).slice(0, 2), [
      ['install chromium', 'also called "web browser"'],
      ['install brave', 'also called "web browser"'],
    ]);
    const docker = understand('install docker', testIndex());
    assert.equal(docker.intents[0]!.summary, 'turn on Docker');
    assert.equal(docker.alternatives[0]![0]!.reason, 'only the docker package, without the NixOS service around it');
  });

  it('a choice ("vlc or mpv") is the first named, the others ranked after it with why; removing either is both', function () {
    const u = understand('install vlc or mpv', testIndex());
    assert.deepEqual(u.intents.map((i) => i.summary), ['install vlc']);
    assert.ok(u.intents[0]!.confidence < 1);
    assert.match(u.intents[0]!.notes.join(' '), /2 choices: reading the first, vlc; mpv is offered instead/);
    assert.deepEqual(u.alternatives[0]!.map((a) => [a.intent.summary, a.reason]), [['install mpv', 'the other choice you named: mpv']]);
    const three = understand('install vlc, mpv or smplayer', testIndex());
    assert.deepEqual(three.alternatives[0]!.map((a) => a.intent.summary), ['install mpv', 'install smplayer']);
    const features = understand('enable docker or podman', testIndex());
    assert.deepEqual([features.intents[0]!.summary, features.alternatives[0]![0]!.intent.summary], ['turn on Docker', 'turn on Podman']);
    assert.deepEqual(summaries('remove vim or nano'), ['remove vim, nano']);
    // A choice with a part not understood is not read as a choice of the rest.
    assert.equal(understand('install vlc or frobnicator', testIndex()).intents.length, 0);
  });

  it('"create user tom and jerry": a bare name after a new user is another user, not a package or group', function () {
    assert.deepEqual(summaries('create user tom and jerry'), ['create the user tom', 'create the user jerry']);
    assert.deepEqual(summaries('create a user alice and docker'), ['create the user alice', 'put alice in the docker group']);
    assert.deepEqual(summaries('create user tom and vim'), ['create the user tom']);
  });

  it('a desktop comes with its display manager and turns off the other one that is on', function () {
    const ws = baseWorkspace('modular'); // Xfce with LightDM
    const changes = (t: string) => ask(t, { files: ws.files, root: ws.root }, testIndex()).understanding.intents.flatMap((i) => i.changes.map((c) => `${c.path.join('.')}=${'value' in c ? c.value.text : ''}`));
    assert.deepEqual(changes('enable gnome'), ['services.desktopManager.gnome.enable=true', 'services.displayManager.gdm.enable=true', 'services.xserver.displayManager.lightdm.enable=false']);
    assert.deepEqual(changes('switch to plasma'), ['services.desktopManager.plasma6.enable=true', 'services.displayManager.sddm.enable=true', 'services.xserver.desktopManager.xfce.enable=false', 'services.xserver.displayManager.lightdm.enable=false']);
    // Same display manager: nothing else goes.
    assert.deepEqual(changes('enable cinnamon'), ['services.xserver.enable=true', 'services.xserver.desktopManager.cinnamon.enable=true', 'services.xserver.displayManager.lightdm.enable=true']);
    // Without a display manager on, none is turned off.
    assert.deepEqual(summaries('enable gnome'), ['turn on the GNOME desktop']);
    assert.equal(understand('enable gnome', testIndex()).intents[0]!.changes.length, 2);
  });

  it('requests not said verb first: after words that ask nothing, as a state, a preference, an arrow, a bare name', function () {
    assert.deepEqual(summaries('ok so could you perhaps install htop'), ['install htop']);
    assert.deepEqual(summaries('i am new to nixos'), []);
    assert.deepEqual(summaries('bluetooth: yes'), ['turn on Bluetooth']);
    assert.deepEqual(summaries('tmux out, zellij in'), ['remove tmux', 'install zellij']);
    assert.deepEqual(summaries('nano => helix'), ['remove nano', 'install helix']);
    assert.deepEqual(summaries('we would prefer gnome over plasma'), ['turn off the KDE Plasma desktop', 'turn on the GNOME desktop']);
    assert.deepEqual(summaries('jq please'), ['install jq']);
    assert.deepEqual(summaries('no more nano'), ['remove nano']);
    assert.deepEqual(summaries('curl is not needed by anyone'), ['remove curl']);
    // A bare word that is only a guess (a typo, a search) is not asked for.
    assert.deepEqual(summaries('frobnicate'), []);
    assert.deepEqual(summaries('whats my hostname'), []);
    // A question beside a request asks nothing more, and says how it was read.
    const q = understand('is printing on? if not, turn it on', testIndex());
    assert.deepEqual(q.intents.map((i) => i.summary), ['turn on printing (CUPS)']);
    assert.deepEqual(q.unknown, []);
    assert.match(q.intents[0]!.notes.join(' '), /as a question/);
    // The name of a new user may come in the next clause; without one nothing is created.
    assert.deepEqual(summaries('please add an account for my dad, his name is ron'), ['create the user ron']);
    assert.equal(understand('create a new user', testIndex()).intents.length, 0);
  });

  it('new phrasings: ranked alternatives, what is installed first, nearest things for the rest', function () {
    const ws = baseWorkspace('modular');
    // "the office suite" may mean several packages; the one this configuration has is removed.
    const office = ask('remove the office suite', { files: ws.files, root: ws.root }, testIndex());
    assert.equal(office.understanding.intents[0]!.summary, 'remove libreoffice');
    assert.ok(office.understanding.alternatives[0]!.every((a) => a.reason.length > 0));
    // A purpose names nothing to change; a typo'd service is read with a note and alternatives.
    assert.deepEqual(summaries('enable fail2ban to protect ssh'), ['turn on services.fail2ban']);
    const near = understand('enable syncthign', testIndex());
    assert.match(near.intents[0]!.notes.join(' '), /nearest option name/);
    // Part understood, part not: the part not understood is listed with its nearest things.
    const part = understand('install firefox and frobnicate the quux', testIndex());
    assert.deepEqual(part.intents.map((i) => i.summary), ['install firefox']);
    assert.equal(part.unknown[0]!.words, 'frobnicate the quux');
    assert.ok(part.unknown[0]!.nearest.length > 0);
    // A question about a feature asks nothing to change: not understood rather than turned on.
    for (const q of ['why is my wifi slow', 'is bluetooth on?']) {
      const a = understand(q, testIndex());
      assert.deepEqual([a.intents.length, a.unknown.length], [0, 1], q);
    }
  });

  it('corrections mid-sentence: the last word wins; taken back, nothing changes and it says so', function () {
    assert.deepEqual(summaries('install vlc - no wait, mpv'), ['install mpv']);
    assert.deepEqual(summaries('install git, actually make that mercurial'), ['install mercurial']);
    assert.deepEqual(summaries('Hi, please install git-crypt? no wait, install jq'), ['install jq']);
    const ws = baseWorkspace('flat');
    const back = ask('install vlc, actually no', { files: ws.files, root: ws.root }, testIndex());
    assert.deepEqual([back.understanding.intents.length, back.understanding.unknown.length, back.plan.changed], [1, 0, false]);
    assert.match(back.plan.messages.join(' '), /"install vlc" was taken back: nothing changes/);
    // Not a correction: "make it" inside a request.
    assert.deepEqual(summaries('make the timezone europe/paris'), ['set the time zone to Europe/Paris']);
  });

  it('a package name followed by the kind of thing it is', function () {
    assert.deepEqual(summaries('install the kitty terminal emulator'), ['install kitty']);
    assert.deepEqual(summaries('please install the chromium browser'), ['install chromium']);
    // The everyday name says mpv is a video player; a search would have found a player built on it.
    assert.deepEqual(summaries('install the mpv video player'), ['install mpv']);
    // A kind the package is not: no shortcut, read as before.
    assert.notDeepEqual(summaries('install the gimp terminal'), ['install gimp']);
  });

  it('what is not understood says so, with the nearest things', function () {
    const u = understand('set the timezone to springfield', testIndex());
    assert.deepEqual(u.intents, []);
    assert.match(u.unknown[0]!.nearest.join(' '), /no IANA time zone/);
    const v = understand('install xyzzyplugh', testIndex());
    assert.equal(v.unknown[0]!.words, 'install xyzzyplugh');
  });
});

describe('intent: learning', function () {
  it('a pick ranks first for the same words; an undone reading drops below its alternatives', async function () {
    const { emptyLearning, recordPick, recordUndo, rerank, readLearning } = await import('../../server/src/intent/learning.js');
    const u = understand('Install a web browser', testIndex());
    const picked = rerank(u, recordPick(emptyLearning(), 'install a web browser', 'install brave'));
    assert.equal(picked.intents[0]!.summary, 'install brave');
    assert.ok(picked.alternatives[0]!.some((a) => a.intent.summary === 'install firefox'));
    const undone = rerank(u, recordUndo(emptyLearning(), 'install firefox'));
    assert.equal(undone.intents[0]!.summary, 'install chromium');
    assert.deepEqual(readLearning({ picked: { a: 1 }, undone: { b: -1, c: 2 }, pickedOver: 3, shelved: { d: 'x' } }), { version: 1, picked: {}, pickedOver: {}, undone: { c: 2 }, shelved: { d: 'x' } });
  });
});
