// The live status line of `nix-humanity rebuild` on a terminal, from progress events.
import * as assert from 'node:assert/strict';
import { progressText } from '../../server/src/cli/commands/rebuild';
import type { ProgressEvent } from '../../server/src/protocol/rebuild';

const MiB = 1024 * 1024;
const none = { done: 0, running: 0, expected: 0, failed: 0 };

function event(p: Partial<ProgressEvent>): ProgressEvent {
  return { type: 'progress', builds: none, copies: none, download: { doneBytes: 0, expectedBytes: 0 }, copyBytes: { doneBytes: 0, expectedBytes: 0 }, current: [], ...p };
}

const cases: [string, ProgressEvent, string][] = [
  ['nothing known yet', event({}), ''],
  [
    'builds with one running and its phase',
    event({ builds: { done: 3, running: 1, expected: 10, failed: 0 }, current: [{ drv: '/nix/store/x-hello-2.12.1.drv', name: 'hello-2.12.1', phase: 'buildPhase', elapsedMs: 12_000 }] }),
    '3/10 built, 1 running · hello-2.12.1 (buildPhase, 12s)',
  ],
  [
    'a download from an http cache',
    event({ copies: { done: 2, running: 1, expected: 4, failed: 0 }, download: { doneBytes: 0.8 * MiB, expectedBytes: 3.1 * MiB }, copyBytes: { doneBytes: 1.2 * MiB, expectedBytes: 5 * MiB } }),
    '2/4 copied (1.2/5.0 MiB) · 0.8/3.1 MiB DL',
  ],
  [
    'a file:// cache copies without downloading: no DL that never moves',
    event({ copies: { done: 0, running: 1, expected: 1, failed: 0 }, download: { doneBytes: 0, expectedBytes: 2.9 * MiB }, copyBytes: { doneBytes: 1.5 * MiB, expectedBytes: 2.9 * MiB } }),
    '0/1 copied (1.5/2.9 MiB)',
  ],
  [
    'a failed build is counted',
    event({ builds: { done: 1, running: 0, expected: 2, failed: 1 } }),
    '1/2 built, 1 failed',
  ],
];

describe('CLI: rebuild status line', () => {
  for (const [name, e, want] of cases) it(name, () => assert.equal(progressText(e), want));
});
