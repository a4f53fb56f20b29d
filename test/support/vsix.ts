import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
export const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The same steps as `npm run package` (production bundles, then vsce), writing into `dir`. */
export function buildVsix(dir: string): string {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  const vsix = path.join(dir, `nix-humanity-${manifest.version}.vsix`);
  try {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix],
      { cwd: root, stdio: 'pipe' },
    );
  } finally {
    // Leave a development build (with source maps) behind for the other tests.
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  }
  return vsix;
}
