// The streaming variant of exec.ts with real processes: lines as they come, and a cancel that
// reaches every process of the tree, including ones in their own session and ones ignoring SIGTERM.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { runProcessStreaming, streamProcess, type StreamLine } from '../../../server/src/system/exec';
import { processesWith, waitFor } from './support';

describe('exec: streaming and process-tree cancellation (real processes)', function () {
  this.timeout(30_000);

  it('reports stdout and stderr lines as they arrive, and the exit code', async () => {
    const lines: StreamLine[] = [];
    const result = await runProcessStreaming('/bin/sh', ['-c', 'echo one; echo two >&2; printf "three"; exit 3'], { onLine: (l) => lines.push(l), collect: true });
    assert.equal(result.exitCode, 3);
    assert.deepEqual(lines.filter((l) => l.stream === 'stdout').map((l) => l.line), ['one', 'three']);
    assert.deepEqual(lines.filter((l) => l.stream === 'stderr').map((l) => l.line), ['two']);
    assert.equal(result.stdout, 'one\nthree');
  });

  it('yields lines then the exit as an async stream', async () => {
    const seen: string[] = [];
    for await (const event of streamProcess('/bin/sh', ['-c', 'echo a; sleep 0.1; echo b'])) {
      seen.push(event.type === 'line' ? event.line : `exit ${event.result.exitCode}`);
    }
    assert.deepEqual(seen, ['a', 'b', 'exit 0']);
  });

  it('says when a program is not installed', async () => {
    const result = await runProcessStreaming('/nonexistent/program', []);
    assert.match(result.spawnError ?? '', /ENOENT/);
  });

  it('cancelling kills the whole tree: children, a child in its own session, one ignoring SIGTERM', async () => {
    const marker = `nh-exec-${randomUUID()}`;
    const script = [
      `sh -c 'while :; do sleep 0.2; done # ${marker} child' &`,
      `setsid sh -c 'while :; do sleep 0.2; done # ${marker} session' &`,
      `sh -c 'trap "" TERM; while :; do sleep 0.2; done # ${marker} stubborn' &`,
      'echo started',
      'wait',
    ].join('\n');
    const controller = new AbortController();
    let started = false;
    const done = runProcessStreaming('/bin/sh', ['-c', script], { signal: controller.signal, killGraceMs: 500, onLine: ({ line }) => (started ||= line === 'started') });
    try {
      // The shell itself (its script holds the marker too) and its three children.
      await waitFor(() => started && processesWith(marker).length === 4, 5000, 'the shell and its three children');
    } finally {
      controller.abort();
    }
    const result = await done;
    assert.equal(result.cancelled, true);
    await waitFor(() => processesWith(marker).length === 0, 3000, 'every process to be gone');
    assert.deepEqual(processesWith(marker), []);
  });

  it('leaving the stream early kills the process', async () => {
    const marker = `nh-exec-${randomUUID()}`;
    for await (const event of streamProcess('/bin/sh', ['-c', `echo first; while :; do sleep 0.2; done # ${marker}`])) {
      if (event.type === 'line') break;
    }
    await waitFor(() => processesWith(marker).length === 0, 5000, 'the process to be gone');
  });

  it('a timeout stops the tree too', async () => {
    const result = await runProcessStreaming('/bin/sh', ['-c', 'sleep 30'], { timeoutMs: 200, killGraceMs: 500 });
    assert.equal(result.timedOut, true);
  });
});
