import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildVsix, manifest } from '../support/vsix';

/** The file names inside a zip, read with Python's zipfile (python3 is on every machine here). */
function zipEntries(file: string): string[] {
  const script = 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim().split('\n');
}

describe('npm run package', function () {
  this.timeout(180_000);
  let dir: string;
  let vsix: string;
  let entries: string[];

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nix-humanity-vsix-'));
    vsix = buildVsix(dir);
    entries = zipEntries(vsix);
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds only what runs: bundles, webview page, askpass helper, grammar, language configuration, icon, README and its screenshots, walkthrough, LICENSE', () => {
    const files = entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length)).sort();
    assert.deepEqual(files, [
      'LICENSE.txt',
      'dist/askpass.cjs',
      'dist/cli-main.cjs',
      'dist/cli.cjs',
      'dist/client.cjs',
      'dist/data/everyday-names.json',
      'dist/data/lib.json',
      'dist/data/options.json',
      'dist/data/packages.json',
      'dist/data/renamed-options.json',
      'dist/options-json-worker.cjs',
      'dist/webview.css',
      'dist/webview.js',
      'images/apply-summary.png',
      'images/build-error.png',
      'images/icon.png',
      'images/quick-fix.png',
      'language-configuration.json',
      'media/nixos.svg',
      'media/walkthrough/apply.md',
      'media/walkthrough/errors.md',
      'media/walkthrough/open.md',
      'media/walkthrough/rollback.md',
      'package.json',
      'readme.md',
      'syntaxes/nix.tmLanguage.json',
    ]);
  });

  it('has the VSIX manifest naming the extension and its version', () => {
    assert.ok(entries.includes('extension.vsixmanifest'));
    const script = 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("extension.vsixmanifest").decode())';
    const xml = execFileSync('python3', ['-c', script, vsix], { encoding: 'utf8' });
    assert.match(xml, new RegExp(`Id="nix-humanity" Version="${manifest.version.replace(/\./g, '\\.')}"`));
    assert.match(xml, /Publisher="nix-for-humanity"/);
  });

  it('points every contribution at a file that is in the package', () => {
    const inside = new Set(entries.map((e) => e.replace(/^extension\//, '')));
    const wanted = [
      manifest.main,
      manifest.bin['nix-humanity'],
      manifest.icon,
      ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.viewsContainers.activitybar.map((v: { icon: string }) => v.icon),
      ...manifest.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown)),
    ].map((p: string) => p.replace(/^\.\//, ''));
    for (const file of wanted) assert.ok(inside.has(file), `${file} is referenced by package.json but not packaged`);
  });

  it('ships a production CLI that runs on its own from its dist folder, knowledge data included', () => {
    // the launcher (cli.cjs), the bundle it reads beside it and the knowledge it reads on first use
    const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist():\n    if n.startswith("extension/dist/"): z.extract(n, sys.argv[2])';
    execFileSync('python3', ['-c', script, vsix, dir]);
    const file = path.join(dir, 'extension', 'dist', 'cli.cjs');
    const help = execFileSync(process.execPath, [file, '--help'], { encoding: 'utf8' });
    assert.match(help, /Usage: nix-humanity <command>/);
    const option = execFileSync(process.execPath, [file, 'option', 'services.openssh.enable'], { encoding: 'utf8' });
    assert.match(option, /OpenSSH/);
  });
});
