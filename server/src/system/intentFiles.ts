// The files a plain-language request reads and writes, and what it learnt: the configuration's
// .nix files (the folder of configuration.nix or flake.nix), written back atomically (a temporary
// file renamed over the real one: permissions kept, a symlink stays a symlink, and nothing is
// written when the file changed since it was read); the learning store in the state folder.
import { chmodSync, chownSync, existsSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { emptyLearning, readLearning, type Learning } from '../intent/learning';
import { findNixFiles, SKIPPED_DIRS } from './nixFiles';
import { stateDirFromEnv } from './knownGood';
import { writeFileWhole } from './wholeFile';


export interface ConfigFiles {
  /** flake.nix or configuration.nix (or the file given when the folder has neither). */
  root: string;
  target?: string;
  files: Map<string, string>;
}

/**
 * The configuration around `file` (when given) or in `cwd`, else /etc/nixos: every .nix file of
 * its folder tree (at most 500). Undefined when there is no configuration to be found.
 */
export function readConfigFiles(cwd: string, file?: string, fallback = '/etc/nixos'): ConfigFiles | undefined {
  let dir: string;
  let target: string | undefined;
  if (file) {
    target = path.resolve(cwd, file);
    if (!existsSync(target)) return undefined;
    dir = path.dirname(target);
    // A module in a subfolder (modules/desktop.nix): the configuration is the nearest folder above with one.
    for (let d = dir; ; d = path.dirname(d)) {
      if (existsSync(path.join(d, 'flake.nix')) || existsSync(path.join(d, 'configuration.nix'))) {
        dir = d;
        break;
      }
      if (path.dirname(d) === d) break;
    }
  } else {
    dir = [cwd, fallback].find((d) => existsSync(path.join(d, 'flake.nix')) || existsSync(path.join(d, 'configuration.nix'))) ?? '';
    if (!dir) return undefined;
  }
  const root = [path.join(dir, 'flake.nix'), path.join(dir, 'configuration.nix')].find((f) => existsSync(f)) ?? target!;
  const files = new Map<string, string>();
  for (const f of findNixFiles([dir], SKIPPED_DIRS, 500).files) files.set(f, readFileSync(f, 'utf8'));
  if (target && !files.has(target)) files.set(target, readFileSync(target, 'utf8'));
  return { root, target, files };
}

/**
 * Writes each file's new text in place of the text it had when read, atomically. Throws, writing
 * nothing, when any file changed on disk since (`read` holds the texts as read).
 */
export function writeFilesAtomically(changes: ReadonlyArray<{ file: string; text: string }>, read: ReadonlyMap<string, string>): void {
  for (const { file } of changes) {
    if (readFileSync(file, 'utf8') !== read.get(file)) throw new Error(`${file} changed since it was read; nothing was written. Ask again.`);
  }
  for (const { file, text } of changes) {
    const real = realpathSync(file); // a symlink stays one: its target is replaced
    const st = statSync(real);
    const tmp = path.join(path.dirname(real), `.${path.basename(real)}.nix-humanity-${process.pid}.tmp`);
    try {
      writeFileSync(tmp, text, { mode: st.mode & 0o7777 });
      chmodSync(tmp, st.mode & 0o7777);
      try {
        chownSync(tmp, st.uid, st.gid);
      } catch {
        // Only root may give a file away; a file we own stays ours.
      }
      renameSync(tmp, real);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
  }
}

const learningFile = (env: NodeJS.ProcessEnv) => path.join(stateDirFromEnv(env), 'intent-learning.json');

export function loadLearning(env: NodeJS.ProcessEnv): Learning {
  try {
    return readLearning(JSON.parse(readFileSync(learningFile(env), 'utf8')));
  } catch {
    return emptyLearning();
  }
}

/** Atomically (a temporary file renamed over it): a reader, or a save cut short, never sees half
 * a file, which would read as nothing learnt. */
export function saveLearning(env: NodeJS.ProcessEnv, l: Learning): void {
  const f = learningFile(env);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileWhole(f, JSON.stringify(l, null, 2) + '\n');
}

export function forgetLearning(env: NodeJS.ProcessEnv): void {
  rmSync(learningFile(env), { force: true });
}
