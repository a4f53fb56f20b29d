// Package-level diff between two system generations (what nvd / dix / `nix store diff-closures`
// show): packages added, removed and changed in version, and the closure size change.
import { compareVersions, parseDrvName, storePathName } from './errors/nixNames';
import { runProcess, type RunResult } from './exec';

export interface PackageVersion {
  name: string;
  version: string;
}

export interface VersionChange {
  name: string;
  from: string;
  to: string;
  direction: 'upgrade' | 'downgrade';
}

export interface GenerationDiff {
  added: PackageVersion[];
  removed: PackageVersion[];
  changed: VersionChange[];
  closureBytes: { from: number; to: number; delta: number };
}

export interface DiffOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** For tests: replaces runProcess. */
  run?: typeof runProcess;
}

/** Outputs that belong to the same package: `hello-2.12-man` is part of hello 2.12. */
const OUTPUT_SUFFIX = /-(?:man|doc|devdoc|dev|lib|bin|out|info|debug|static|lib32|dist|hook)$/;
/** Paths given to one nix-store call, far below the argument-list limit. */
const BATCH = 2000;

export async function diffGenerations(fromPath: string, toPath: string, options: DiffOptions = {}): Promise<GenerationDiff> {
  const run = options.run ?? runProcess;
  const [fromClosure, toClosure] = await Promise.all([requisites(fromPath, run, options), requisites(toPath, run, options)]);
  const sizes = await narSizes([...new Set([...fromClosure, ...toClosure])], run, options);
  const total = (paths: string[]) => paths.reduce((sum, p) => sum + (sizes.get(p) ?? 0), 0);
  const result = diffPackageLists(fromClosure, toClosure);
  const from = total(fromClosure);
  const to = total(toClosure);
  return { ...result, closureBytes: { from, to, delta: to - from } };
}

/** The package diff of two closures (lists of store paths), sorted by name. */
export function diffPackageLists(fromPaths: readonly string[], toPaths: readonly string[]): Omit<GenerationDiff, 'closureBytes'> {
  const a = packages(fromPaths);
  const b = packages(toPaths);
  const added: PackageVersion[] = [];
  const removed: PackageVersion[] = [];
  const changed: VersionChange[] = [];
  for (const [name, versions] of b) {
    const before = a.get(name);
    if (!before) added.push({ name, version: versionList(versions) });
    else if (versionList(before) !== versionList(versions)) {
      const from = versionList(before);
      const to = versionList(versions);
      const cmp = compareVersions(newest(versions), newest(before));
      changed.push({ name, from, to, direction: cmp < 0 ? 'downgrade' : 'upgrade' });
    }
  }
  for (const [name, versions] of a) if (!b.has(name)) removed.push({ name, version: versionList(versions) });
  const byName = (x: { name: string }, y: { name: string }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  return { added: added.sort(byName), removed: removed.sort(byName), changed: changed.sort(byName) };
}

/** name -> versions, for store paths that carry a version (unversioned paths are config files, units, ...). */
function packages(paths: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of paths) {
    const { name, version } = parseDrvName(storePathName(p));
    const v = version.replace(OUTPUT_SUFFIX, '');
    if (!v || !/^\d/.test(v)) continue;
    let set = out.get(name);
    if (!set) out.set(name, (set = new Set()));
    set.add(v);
  }
  return out;
}

function sortedVersions(versions: Set<string>): string[] {
  return [...versions].sort(compareVersions);
}

function versionList(versions: Set<string>): string {
  return sortedVersions(versions).join(', ');
}

function newest(versions: Set<string>): string {
  return sortedVersions(versions).pop() ?? '';
}

async function requisites(storePath: string, run: typeof runProcess, options: DiffOptions): Promise<string[]> {
  const r = await run('nix-store', ['-q', '--requisites', storePath], { signal: options.signal, env: options.env });
  check(r, `list the closure of ${storePath}`);
  return r.stdout.split('\n').filter(Boolean);
}

async function narSizes(paths: string[], run: typeof runProcess, options: DiffOptions): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (let i = 0; i < paths.length; i += BATCH) {
    const batch = paths.slice(i, i + BATCH);
    const r = await run('nix-store', ['-q', '--size', ...batch], { signal: options.signal, env: options.env });
    check(r, 'read store path sizes');
    // One size per line, in the order of the arguments.
    r.stdout.split('\n').filter(Boolean).forEach((line, j) => sizes.set(batch[j]!, Number(line)));
  }
  return sizes;
}

function check(r: RunResult, what: string): void {
  if (r.spawnError) throw new Error(`Could not run nix-store to ${what}: ${r.spawnError}. Is Nix installed and on PATH?`);
  if (r.cancelled) throw new Error(`Cancelled while trying to ${what}.`);
  if (r.exitCode !== 0) throw new Error(`nix-store could not ${what}: ${r.stderr.trim().replace(/^error: /, '')}`);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1288490188 -> "1.2 GiB". */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? String(value) : value >= 100 ? value.toFixed(0) : value.toFixed(1);
  return `${bytes < 0 ? '-' : ''}${text} ${UNITS[unit]}`;
}

export function formatDiff(diff: GenerationDiff): string {
  const lines: string[] = [];
  for (const p of diff.added) lines.push(`+ ${p.name} ${p.version}`);
  for (const p of diff.removed) lines.push(`- ${p.name} ${p.version}`);
  for (const c of diff.changed) lines.push(`~ ${c.name} ${c.from} -> ${c.to} (${c.direction})`);
  if (lines.length === 0) lines.push('No package changes.');
  const { from, to, delta } = diff.closureBytes;
  lines.push(`Closure size: ${formatBytes(from)} -> ${formatBytes(to)} (${delta >= 0 ? '+' : '-'}${formatBytes(Math.abs(delta))})`);
  return lines.join('\n') + '\n';
}
