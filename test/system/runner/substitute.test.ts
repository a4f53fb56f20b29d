// Copy and download progress from REAL Nix output, without network: a store path of a few MB is
// built, copied into a file:// binary cache, deleted from the store, and then substituted back
// while the system (which holds it in environment.systemPackages) is built.
//
// What Nix 2.8 really prints for such a substitution (captured by hand, see docs/system.md):
// setExpected [101, FileSize] and [100, NarSize] on the realise activity; a substitute (108) and a
// copyPath (100) activity whose progress results carry [NAR bytes done, NarSize, 0, 0], every
// 8 KiB; copyPaths (103) going to [1, 1, 0, 0]. A file:// cache is read without any fileTransfer
// (101) activity, so there are no "DL" bytes done: only the copied bytes move.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runProcessStreaming } from '../../../server/src/system/exec';
import { buildCommand } from '../../../server/src/system/rebuild/commands';
import type { ProgressEvent } from '../../../server/src/protocol/rebuild';
import { ActivityType, NixProgress, parseInternalJson, ResultType, type NixLogEntry } from '../../../server/src/system/rebuild/nixLog';
import { runRebuild } from '../../../server/src/system/rebuild/runner';
import { assertOk, collector, Machine, NIX_ENV, NIXPKGS, requireNix } from './support';

/** 3,000,000 random bytes: xz cannot shrink them, so the NAR and the download are about the same size. */
const PAYLOAD_BYTES = 3_000_000;
/** Nix 2.8 reports copy progress per 8 KiB and leaves the last partial chunk unreported. */
const LAST_CHUNK_SLACK = 64 * 1024;

describe('substitution from a file:// binary cache: copy progress from real Nix output (no network)', function () {
  this.timeout(180_000);
  let m: Machine;
  let cache: string;
  let cacheUri: string;
  let payload: string;
  let payloadNix: string;
  let narSize: number;
  let fileSize: number;
  let substituting: NodeJS.ProcessEnv;

  before(function () {
    requireNix();
    m = new Machine('substitute');
    cache = path.join(m.dir, 'cache');
    cacheUri = `file://${cache}`;
    payloadNix = path.join(m.dir, 'payload.nix');
    fs.writeFileSync(
      payloadNix,
      [
        '{ }:',
        'derivation {',
        `  name = "nh-payload-${path.basename(m.dir).toLowerCase().replace(/[^a-z0-9-]/g, '-')}";`,
        '  system = builtins.currentSystem;',
        '  builder = "/bin/sh";',
        '  PATH = "/usr/bin:/bin";',
        '  args = [ "-c" \'\'',
        '    mkdir -p $out/bin $out/share',
        `    head -c ${PAYLOAD_BYTES} /dev/urandom > $out/share/blob`,
        "    printf '#!/bin/sh\\necho payload\\n' > $out/bin/nh-payload",
        '    chmod +x $out/bin/nh-payload',
        "  '' ];",
        '}',
        '',
      ].join('\n'),
    );
    payload = execFileSync('nix-build', [payloadNix, '--no-out-link'], { env: NIX_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    assert.match(payload, /^\/nix\/store\/[0-9a-z]{32}-nh-payload-/);
    execFileSync('nix', ['copy', '--to', cacheUri, payload], { env: NIX_ENV, stdio: 'pipe' });
    const info = fs.readFileSync(path.join(cache, `${path.basename(payload).slice(0, 32)}.narinfo`), 'utf8');
    narSize = Number(/^NarSize: (\d+)$/m.exec(info)?.[1]);
    fileSize = Number(/^FileSize: (\d+)$/m.exec(info)?.[1]);
    assert.ok(narSize > PAYLOAD_BYTES && fileSize > PAYLOAD_BYTES, `sizes from the narinfo: ${info}`);
    substituting = {
      ...process.env,
      NIX_CONFIG: `sandbox = false\nsubstituters = ${cacheUri}\nrequire-sigs = false\nbuild-users-group =\nexperimental-features = nix-command flakes`,
    };
  });

  // The payload leaves the store before each test, with whatever refers to it (an earlier system).
  beforeEach(() => {
    const referrers = execFileSync('nix-store', ['--query', '--referrers-closure', payload], { env: NIX_ENV, encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    const r = spawnSync('nix-store', ['--delete', ...referrers], { env: NIX_ENV, encoding: 'utf8' });
    assert.equal(r.status, 0, `nix-store --delete: ${r.stderr}`);
    assert.equal(fs.existsSync(payload), false, 'the payload is gone from the store');
  });

  after(() => m?.remove());

  const configuration = () => m.config(`  environment.systemPackages = [ (import ${payloadNix} { }) ];`);

  it('the raw internal-json lines, read line by line: copied bytes grow to the NAR size, no file transfer', async () => {
    const config = configuration();
    const argv = buildCommand({ kind: 'channels', includes: [`nixpkgs=${NIXPKGS}`, `nixos-config=${config}`] }, 'toplevel', path.join(m.dir, 'line-by-line-result'));
    const progress = new NixProgress();
    const entries: NixLogEntry[] = [];
    const snapshots: ProgressEvent[] = [];
    const result = await runProcessStreaming(argv[0]!, argv.slice(1), {
      env: substituting,
      cwd: m.dir,
      onLine: ({ stream, line }) => {
        if (stream !== 'stderr') return;
        const entry = parseInternalJson(line);
        if (entry) entries.push(entry);
        progress.feed(line);
        snapshots.push(progress.snapshot());
      },
    });
    fs.rmSync(path.join(m.dir, 'line-by-line-result'), { force: true });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(fs.existsSync(payload), 'Nix substituted the payload');

    // What Nix 2.8 really emits for a file:// substitution.
    const starts = entries.filter((e): e is Extract<NixLogEntry, { action: 'start' }> => e.action === 'start');
    const copyPath = starts.find((e) => e.type === ActivityType.copyPath);
    assert.deepEqual(copyPath?.fields, [payload, cacheUri, 'local']);
    assert.equal(copyPath?.text, `copying path '${payload}' from '${cacheUri}'`);
    assert.deepEqual(starts.find((e) => e.type === ActivityType.substitute)?.fields, [payload, cacheUri]);
    assert.equal(starts.filter((e) => e.type === ActivityType.fileTransfer).length, 0, 'a file:// cache is read without a fileTransfer activity');
    const realise = starts.find((e) => e.type === ActivityType.realise)!.id;
    const expected = entries.filter((e) => e.action === 'result' && e.id === realise && e.type === ResultType.setExpected).map((e) => (e as { fields: unknown[] }).fields);
    assert.ok(expected.some((f) => f[0] === ActivityType.fileTransfer && f[1] === fileSize), `setExpected [101, FileSize]: ${JSON.stringify(expected)}`);
    assert.ok(expected.some((f) => f[0] === ActivityType.copyPath && f[1] === narSize), `setExpected [100, NarSize]: ${JSON.stringify(expected)}`);
    const byteResults = entries.filter((e) => e.action === 'result' && e.id === copyPath!.id && e.type === ResultType.progress);
    assert.ok(byteResults.length > 100, `one progress result per 8 KiB copied (got ${byteResults.length})`);

    // What the reader makes of it: copied bytes grow, never go back, end at the NAR size.
    const copied = snapshots.map((s) => s.copyBytes.doneBytes);
    for (let i = 1; i < copied.length; i++) assert.ok(copied[i]! >= copied[i - 1]!, `copied bytes went back at line ${i}: ${copied[i - 1]} -> ${copied[i]}`);
    assert.ok(new Set(copied).size > 100, `copied bytes move in steps (${new Set(copied).size} distinct values)`);
    const last = snapshots.at(-1)!;
    assert.equal(last.copyBytes.expectedBytes, narSize);
    assert.ok(last.copyBytes.doneBytes <= narSize && last.copyBytes.doneBytes > narSize - LAST_CHUNK_SLACK, `copied ${last.copyBytes.doneBytes} of ${narSize}`);
    assert.deepEqual(last.download, { doneBytes: 0, expectedBytes: fileSize });
    assert.deepEqual(last.copies, { done: 1, expected: 1, running: 0, failed: 0 });
    // Mid-copy, the copy counts say one running.
    assert.ok(snapshots.some((s) => s.copies.running === 1 && s.copyBytes.doneBytes > 0 && s.copyBytes.doneBytes < narSize - LAST_CHUNK_SLACK));
  });

  it('a real build through the runner: the substitution in the events (copied path, counts, bytes)', async () => {
    const c = collector();
    const result = await runRebuild(m.channels('build', configuration(), { env: substituting }), c.sink);
    assertOk(result);
    assert.ok(fs.existsSync(payload), 'Nix substituted the payload');
    assert.ok(fs.existsSync(path.join(result.storePath!, 'sw', 'bin', 'nh-payload')), 'the system holds it');
    assert.deepEqual(c.of('phase').map((p) => p.phase), ['evaluating', 'building']);
    assert.ok(
      c.of('log').some((l) => l.source === 'nix' && l.text === `copying path '${payload}' from '${cacheUri}'`),
      "Nix's copying line is a log event",
    );

    const progress = c.of('progress');
    assert.ok(progress.length > 0);
    for (let i = 1; i < progress.length; i++) {
      assert.ok(progress[i]!.copyBytes.doneBytes >= progress[i - 1]!.copyBytes.doneBytes, 'copied bytes never go back');
    }
    const last = progress.at(-1)!;
    assert.deepEqual(last.copies, { done: 1, expected: 1, running: 0, failed: 0 });
    // The system (and its specialisation) were built; the payload was not, it came from the cache.
    const built = c.of('log').flatMap((l) => /^building '(\/nix\/store\/[^']+\.drv)'/.exec(l.text)?.[1] ?? []);
    assert.ok(built.length > 0 && built.every((d) => !d.includes('-nh-payload-')), `built: ${built.join(', ')}`);
    assert.equal(last.builds.done, built.length);
    assert.equal(last.builds.expected, built.length);
    assert.equal(last.copyBytes.expectedBytes, narSize);
    assert.ok(last.copyBytes.doneBytes <= narSize && last.copyBytes.doneBytes > narSize - LAST_CHUNK_SLACK, `copied ${last.copyBytes.doneBytes} of ${narSize}`);
    // The download total is announced (the compressed size), but a file:// cache transfers nothing Nix counts as downloaded.
    assert.deepEqual(last.download, { doneBytes: 0, expectedBytes: fileSize });
  });
});
