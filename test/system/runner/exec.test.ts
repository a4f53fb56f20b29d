// The streaming variant of exec.ts with real processes: lines as they come, and a cancel that
// reaches every process of the tree, including ones in their own session and ones ignoring SIGTERM.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProcessStreaming, streamProcess, type StreamLine } from '../../../server/src/system/exec';
import { discardLink } from '../../../server/src/system/rebuild/lock';
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

  it('lowPriority runs the command, and what it starts, at nice 19', async () => {
    // Field 19 of /proc/PID/stat is the nice value; the shell's child reads its own.
    const lines: string[] = [];
    const result = await runProcessStreaming('sh', ['-c', 'sh -c "cut -d\\  -f19 /proc/\\$\\$/stat"; cut -d" " -f19 /proc/$$/stat'], {
      lowPriority: true,
      onLine: ({ line }) => lines.push(line),
    });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(lines, ['19', '19']);
    const normal: string[] = [];
    await runProcessStreaming('sh', ['-c', 'cut -d" " -f19 /proc/$$/stat'], { onLine: ({ line }) => normal.push(line) });
    assert.notEqual(normal[0], '19');
  });

  it('yields lines then the exit as an async stream', async () => {
    const seen: string[] = [];
    for await (const event of streamProcess('/bin/sh', ['-c', 'echo a; sleep 0.1; echo b'])) {
      seen.push(event.type === 'line' ? event.line : `exit ${event.result.exitCode}`);
    }
    assert.deepEqual(seen, ['a', 'b', 'exit 0']);
  });

  it('merged output keeps the exact order across stdout and stderr', async () => {
    const lines: StreamLine[] = [];
    await runProcessStreaming('/bin/sh', ['-c', 'for i in 1 2 3 4 5 6; do echo "out $i"; echo "err $i" >&2; done'], { merge: true, onLine: (l) => lines.push(l) });
    assert.deepEqual(lines.map((l) => l.line), [1, 2, 3, 4, 5, 6].flatMap((i) => [`out ${i}`, `err ${i}`]));
    assert.ok(lines.every((l) => l.stream === 'stdout'));
  });

  it('long output: lines across read boundaries, multi-byte characters, CRLF, no temporary file left', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`nh-output-${process.pid}-`));
    // 3000 lines of about 100 bytes (well past one 64 KiB read), each with a 2-, 3- and 4-byte character.
    const script = 'i=0; while [ $i -lt 3000 ]; do printf "%05d é€😀 %090d\\r\\n" $i $i >&2; i=$((i+1)); done; printf "tail é"';
    const err: string[] = [];
    const out: string[] = [];
    await runProcessStreaming('/bin/sh', ['-c', script], { onLine: (l) => (l.stream === 'stderr' ? err : out).push(l.line) });
    assert.equal(err.length, 3000);
    err.forEach((line, i) => assert.equal(line, `${String(i).padStart(5, '0')} é€😀 ${String(i).padStart(90, '0')}`));
    assert.deepEqual(out, ['tail é']);
    const after = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`nh-output-${process.pid}-`));
    assert.deepEqual(after, before);
  });

  it('lines arrive while the process is still running', async () => {
    let firstAt: number | undefined;
    const start = Date.now();
    await runProcessStreaming('/bin/sh', ['-c', 'echo early; sleep 1; echo late'], { onLine: ({ line }) => (line === 'early' ? (firstAt = Date.now()) : undefined) });
    assert.ok(firstAt !== undefined && firstAt - start < 800, `the first line came ${firstAt === undefined ? 'never' : `${firstAt - start} ms`} after the start`);
  });

  it('discardLink frees the name at once and removes the link', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-discard-'));
    try {
      const link = path.join(dir, 'result');
      fs.symlinkSync(`/nix/store/${'a'.repeat(32)}-nixos-system-standin-24.05.20240101.standin`, link);
      discardLink(link);
      assert.equal(fs.existsSync(link) || fs.readdirSync(dir).includes('result'), false);
      await waitFor(() => fs.readdirSync(dir).length === 0, 2000, 'the renamed link to be removed');
      discardLink(link); // already gone: quiet
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
