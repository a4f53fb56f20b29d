// The learning store's picks (same words, same kind of request), undo and redo (server/src/intent/learning.ts): the editor tells "undone"
// for Edit > Undo of Ask's edit and "redone" when Edit > Redo brings it back.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLearning, saveLearning } from '../../server/src/system/intentFiles.js';
import { emptyLearning, recordPick, recordRedo, recordUndo, rerank, understand } from '../../server/src/intent/index.js';
import { testIndex } from './support.js';

describe('intent: learning from picks, undo and redo', () => {
  it('an undone reading ranks below its alternative; a redo of that undo takes it back', () => {
    const u = understand('install docker', testIndex());
    assert.equal(u.intents[0]!.summary, 'turn on Docker');
    const undone = recordUndo(emptyLearning(), 'turn on Docker');
    const ranked = rerank(u, undone);
    assert.equal(ranked.intents[0]!.summary, 'install docker');
    assert.match(ranked.intents[0]!.notes.join(' '), /Ranked first because the first reading was undone before/);
    assert.equal(ranked.alternatives[0]![0]!.intent.summary, 'turn on Docker');
    const redone = recordRedo(undone, 'turn on Docker');
    assert.deepEqual(redone.undone, {}, 'one undo, one redo: nothing left');
    assert.equal(rerank(u, redone).intents[0]!.summary, 'turn on Docker');
  });

  it('a redo takes back one undo of several, and never goes below none', () => {
    const twice = recordUndo(recordUndo(emptyLearning(), 'install firefox'), 'install firefox');
    assert.deepEqual(recordRedo(twice, 'install firefox').undone, { 'install firefox': 1 });
    assert.deepEqual(recordRedo(emptyLearning(), 'install firefox').undone, {});
    assert.deepEqual(recordRedo(twice, 'install vim').undone, { 'install firefox': 2 }, 'another reading is left alone');
  });

  it('a pick ranks first for the same kind of request: another phrasing first read the same way', () => {
    const index = testIndex();
    const first = understand('install docker', index);
    assert.equal(first.intents[0]!.summary, 'turn on Docker');
    const pkg = first.alternatives[0]!.find((a) => a.intent.summary === 'install docker')!;
    const l = recordPick(emptyLearning(), pkg.intent.words, pkg.intent.summary, first.intents[0]!.summary);
    for (const words of ['docker please', 'add docker', 'I want docker']) {
      const u = understand(words, index);
      assert.equal(u.intents[0]!.summary, 'turn on Docker', words);
      const r = rerank(u, l);
      assert.equal(r.intents[0]!.summary, 'install docker', words);
      assert.match(r.intents[0]!.notes.join(' '), /Ranked first because you picked this before over "turn on Docker"/);
      assert.equal(r.alternatives[0]![0]!.intent.summary, 'turn on Docker', 'the passed-over reading is still offered');
    }
    // Another request of its own kind is left alone.
    assert.equal(rerank(understand('install podman', index), l).intents[0]!.summary, 'turn on Podman');
  });

  it('a choice picked ("vlc or mpv" -> mpv) ranks first for the same choice said again or with more to choose from', () => {
    const index = testIndex();
    const u = understand('install vlc or mpv', index);
    assert.equal(u.intents[0]!.summary, 'install vlc');
    const mpv = u.alternatives[0]!.find((a) => a.intent.summary === 'install mpv')!;
    const l = recordPick(emptyLearning(), mpv.intent.words, mpv.intent.summary, u.intents[0]!.summary);
    assert.equal(rerank(understand('install vlc or mpv', index), l).intents[0]!.summary, 'install mpv');
    assert.equal(rerank(understand('get vlc, mpv or smplayer', index), l).intents[0]!.summary, 'install mpv');
    // Not offered, nothing to rank: vlc alone stays vlc.
    assert.equal(rerank(understand('install vlc', index), l).intents[0]!.summary, 'install vlc');
  });

  it('an undo of a picked reading takes the pick back; a redo of that undo restores it', () => {
    const index = testIndex();
    const u = understand('install vlc or mpv', index);
    const picked = recordPick(emptyLearning(), 'install vlc or mpv', 'install mpv', 'install vlc');
    const undone = recordUndo(picked, 'install mpv');
    assert.deepEqual([undone.picked, undone.pickedOver], [{}, {}]);
    assert.equal(rerank(u, undone).intents[0]!.summary, 'install vlc', 'the pick no longer counts, and mpv was undone');
    const redone = recordRedo(undone, 'install mpv');
    assert.deepEqual([redone.picked, redone.pickedOver, redone.shelved, redone.undone], [{ 'install vlc or mpv': 'install mpv' }, { 'install vlc': 'install mpv' }, {}, {}]);
    assert.equal(rerank(u, redone).intents[0]!.summary, 'install mpv');
  });

  it('the store is written whole (a temporary file renamed over it), private, and read back', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nh-learning-'));
    try {
      const env = { NIX_HUMANITY_STATE_DIR: path.join(dir, 'state') };
      saveLearning(env, recordUndo(emptyLearning(), 'turn on Docker'));
      saveLearning(env, recordUndo(loadLearning(env), 'turn on Docker'));
      assert.deepEqual(loadLearning(env).undone, { 'turn on Docker': 2 });
      assert.deepEqual(readdirSync(env.NIX_HUMANITY_STATE_DIR), ['intent-learning.json'], 'no temporary file left');
      assert.equal(statSync(path.join(env.NIX_HUMANITY_STATE_DIR, 'intent-learning.json')).mode & 0o777, 0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
