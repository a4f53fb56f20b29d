// Following a configuration's literal paths to the `.nix` files it reads elsewhere
// (system/importedFiles.ts): resolved as Nix resolves them, links and cycles guarded, bounded.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FOLLOW_LIMITS, followImports, PathsMemo } from '../../../server/src/system/importedFiles.js';

describe('followImports', () => {
  let dir: string;
  beforeEach(() => (dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nh-follow-')))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const put = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const rel = (files: string[]) => files.map((f) => path.relative(dir, f));

  it('follows relative, absolute, ~/ and folder paths from file to file', () => {
    const config = put('etc/nixos/configuration.nix', `{ ... }: { imports = [ ../hardware.nix ${dir}/shared ~/home.nix ./wallpaper.png ./missing.nix ]; }`);
    put('etc/hardware.nix', '{ }');
    put('shared/default.nix', '{ imports = [ ./deep/a.nix ]; }');
    put('shared/deep/a.nix', '{ x = import ../../lib/b.nix; }');
    put('lib/b.nix', '{ }');
    put('home/home.nix', '{ }');
    put('etc/nixos/wallpaper.png', 'png');
    const r = followImports([config], path.join(dir, 'home'));
    assert.deepEqual(rel(r.files), ['etc/hardware.nix', 'etc/nixos/missing.nix', 'home/home.nix', 'lib/b.nix', 'shared/deep/a.nix', 'shared/default.nix']);
    assert.equal(r.truncated, false);
  });

  it('ends on an import cycle and on a link loop', () => {
    const a = put('a.nix', '{ imports = [ ./b.nix ./loop.nix ]; }');
    put('b.nix', '{ imports = [ ./a.nix ./b.nix ]; }');
    fs.symlinkSync(path.join(dir, 'loop.nix'), path.join(dir, 'loop.nix'));
    assert.deepEqual(rel(followImports([a], undefined).files), ['b.nix']);
  });

  it("resolves a linked file's paths beside the link's target, as Nix does", () => {
    put('dotfiles/nixos/configuration.nix', '{ imports = [ ./mine.nix ]; }');
    put('dotfiles/nixos/mine.nix', '{ }');
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.symlinkSync(path.join(dir, 'dotfiles/nixos/configuration.nix'), path.join(dir, 'etc/configuration.nix'));
    assert.deepEqual(rel(followImports([path.join(dir, 'etc/configuration.nix')], undefined).files), ['dotfiles/nixos/mine.nix']);
  });

  it('stops at its limits, the same way each time', () => {
    const names = Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, '0')}.nix`);
    const root = put('root.nix', `{ imports = [ ${names.map((n) => `./${n}`).join(' ')} ]; }`);
    for (const n of names) put(n, '{ }');
    const few = followImports([root], undefined, { files: 10, bytes: 1 << 20, fileBytes: 1 << 20 });
    assert.equal(few.files.length, 10);
    assert.equal(few.truncated, true);
    assert.deepEqual(followImports([root], undefined, { files: 10, bytes: 1 << 20, fileBytes: 1 << 20 }), few);
    // A file over the per-file size is a dependency, not read; the byte budget stops the reading.
    put('big.nix', `{ imports = [ ./hidden.nix ]; x = "${'x'.repeat(2000)}"; }`);
    put('hidden.nix', '{ }');
    const top = put('top.nix', '{ imports = [ ./big.nix ]; }');
    assert.deepEqual(rel(followImports([top], undefined, { files: 10, bytes: 1 << 20, fileBytes: 1000 }).files), ['big.nix']);
    assert.deepEqual(followImports([top], undefined, { files: 10, bytes: 100, fileBytes: 1 << 20 }), { files: [path.join(dir, 'big.nix')], truncated: true });
  });

  it('remembers what each file named, by size, mtime and inode, across starts', () => {
    const a = put('a.nix', '{ imports = [ ./b.nix ]; }');
    put('b.nix', '{ }');
    put('c.nix', '{ }');
    // (a whole second: a Date cannot give back the nanoseconds a file system may keep)
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    fs.utimesSync(a, mtime, mtime);
    const memoFile = path.join(dir, 'cache', 'x.imports');
    const walk = () => {
      const memo = new PathsMemo(memoFile);
      const r = followImports([a], undefined, FOLLOW_LIMITS, memo);
      memo.save();
      return rel(r.files);
    };
    assert.deepEqual(walk(), ['b.nix']);
    assert.ok(fs.existsSync(memoFile));
    // Same size, mtime and inode, other text: the remembered paths stand (the file was not parsed).
    fs.writeFileSync(a, '{ imports = [ ./c.nix ]; }');
    fs.utimesSync(a, mtime, mtime);
    assert.deepEqual(walk(), ['b.nix']);
    // A new mtime: read again.
    const later = new Date(mtime.getTime() + 5000);
    fs.utimesSync(a, later, later);
    assert.deepEqual(walk(), ['c.nix']);
    assert.deepEqual(walk(), ['c.nix']);
    // A memo that is not ours is passed over, and replaced.
    fs.writeFileSync(memoFile, '{"format":1,"files":{"x":[1,2]}');
    assert.deepEqual(walk(), ['c.nix']);
    assert.equal(JSON.parse(fs.readFileSync(memoFile, 'utf8')).format, 1);
  });
});
