// The learning store's undo and redo (server/src/intent/learning.ts): the editor tells "undone"
// for Edit > Undo of Ask's edit and "redone" when Edit > Redo brings it back.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLearning, saveLearning } from '../../server/src/system/intentFiles.js';
import { emptyLearning, recordRedo, recordUndo, rerank, understand } from '../../server/src/intent/index.js';
import { testIndex } from './support.js';

describe('intent: learning from undo and redo', () => {
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
