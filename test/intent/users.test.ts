// Users and groups: what the rules of intent/userAttrs.ts must not read as a user, and what they
// read, on the test bases (the requests fixtures check the values with real Nix; these check the
// readings that must stay as they were).
import assert from 'node:assert/strict';
import { ask } from '../../server/src/intent/index.js';
import { applyEdits } from '../../server/src/syntax/index.js';
import { usersSentence } from '../../server/src/intent/userAttrs.js';
import { baseWorkspace } from './harness.js';
import { testIndex } from './support.js';

function answer(base: string, text: string) {
  const ws = baseWorkspace(base);
  return ask(text, { files: ws.files, root: ws.root }, testIndex());
}
const changes = (base: string, text: string) => answer(base, text).understanding.intents.flatMap((i) => i.changes.map((c) => c.path.join('.')));

describe('intent: users and groups, what is not a user', function () {
  it('"only keys may log in" is how, not who', function () {
    assert.ok(!changes('nested', 'let only keys log in over ssh').includes('services.openssh.settings.AllowUsers'));
  });

  it('packages side by side before "only ... ssh" are no list of who may log in', function () {
    assert.equal(usersSentence('install only htop and vim, then enable ssh'), 'install only htop and vim, then enable ssh');
    assert.equal(usersSentence('ssh: only admin and deploy may log in'), 'ssh: only admin+deploy may log in');
  });

  it('"i" is no user name', function () {
    assert.ok(!changes('flat', 'set up docker so i can use it without sudo').some((p) => p.startsWith('users.users.i.')));
  });

  it('a feature "for" a word that is no user of the configuration gives no group to it', function () {
    assert.deepEqual(changes('nested', 'set up podman for containers'), ['virtualisation.podman.enable']);
  });

  it('"add X": a typo of a package, a package-name start, a feature or an English word stays what it was', function () {
    for (const text of ['add fierfox', 'add chrom', 'add wifi', 'add node', 'add steam', 'add swap']) {
      assert.ok(!changes('modular', text).some((p) => p.startsWith('users.')), text);
    }
    // With no users in the configuration, a name is not guessed to be a person.
    const lone = ask('add dave', { files: new Map([['/c.nix', '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n}\n']]), root: '/c.nix' }, testIndex());
    assert.ok(!lone.understanding.intents.some((i) => i.changes.some((c) => c.path[0] === 'users')));
  });

  it('a user\'s attributes only for a user the configuration has or the request named', function () {
    assert.deepEqual(changes('modular', 'give zed the uid 1001'), []);
    assert.deepEqual(changes('modular', 'give carol the uid 1001'), ['users.users.carol.uid']);
  });
});

describe('intent: users and groups, readings', function () {
  it('the initial password is kept as typed, in the edit only', function () {
    const a = answer('flake', 'give dana a temporary password of Welcome1');
    assert.equal(a.understanding.intents[0]!.summary, 'give dana an initial password');
    assert.ok(a.understanding.intents[0]!.notes.every((n) => !n.includes('Welcome1')));
    assert.ok(a.plan.files[0]!.edits.some((e) => e.newText.includes('"Welcome1"')));
  });

  it('"carol left the company" alone changes nothing and offers deleting her', function () {
    const a = answer('modular', 'carol left the company');
    assert.deepEqual(a.understanding.intents[0]!.changes, []);
    assert.equal(a.understanding.alternatives[0]![0]!.intent.summary, 'delete the user carol');
  });

  it("a user's own package leaves that user's list", function () {
    const src = '{ pkgs, ... }:\n{\n  users.users.bob = {\n    isNormalUser = true;\n    packages = with pkgs; [ gimp krita ];\n  };\n}\n';
    const a = ask("remove krita from bob's packages", { files: new Map([['/c.nix', src]]), root: '/c.nix' }, testIndex());
    assert.equal(applyEdits(src, a.plan.files[0]!.edits), '{ pkgs, ... }:\n{\n  users.users.bob = {\n    isNormalUser = true;\n    packages = with pkgs; [ gimp ];\n  };\n}\n');
  });

  it('"me" among several users is not guessed', function () {
    assert.ok(!changes('modular', 'add me to the video group').some((p) => p.startsWith('users.')));
    assert.deepEqual(changes('modular', 'add me to the video group, i am carol'), ['users.users.carol.extraGroups']);
  });
});
