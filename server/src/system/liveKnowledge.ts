// Options and packages of the user's own system, evaluated with their Nix: the options tree of
// `<nixpkgs/nixos>` with their configuration (channels) or of `nixosConfigurations.HOST` (flake),
// walked by a Nix expression that prints it in the manual's options.json format; and
// `nix-env -qaP --json --meta` for packages. Processes only through exec.ts: a time limit, a heap
// limit (Nix's garbage collector honours GC_MAXIMUM_HEAP_SIZE), cancellation, and the process
// group killed on cancel, timeout and exit.
//
// Why walk instead of building `config.system.build.manual.optionsJSON`: the walk prints to stdout
// and writes nothing to the store, needs no builder, and renders defaults itself (with tryEval, so
// one failing default costs one entry, not the run); the manual build also renders every
// description to the manual's format first. Both read the same tree.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigurationSource } from './rebuild/options.js';
import { runProcess } from './exec.js';

/** Seconds and bytes a live evaluation may take before it is stopped. */
export const LIVE_TIMEOUT_MS = 120_000;
export const LIVE_MAX_HEAP_BYTES = 3 * 1024 ** 3;

export interface LiveRun {
  /** The `nix` executable setting: nix-instantiate and nix-env are taken from beside it. */
  nixPath?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxHeapBytes?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export type LiveResult = { ok: true; json: unknown; ms: number } | { ok: false; reason: string; cancelled?: boolean };

/** The system whose options are read: a flake's host, or `<nixpkgs/nixos>` with the configuration. */
const SYSTEM = `
  system =
    if flake != null then (builtins.getFlake flake).nixosConfigurations.\${host}
    else import <nixpkgs/nixos> (if configuration == null then { } else { inherit configuration; });`;

/** The Nix expression that walks an options tree into `{ "a.b": { loc, type, description, ... } }`. */
export const OPTIONS_WALKER = `
{ configuration ? null, flake ? null, host ? null }:
let
  inherit (builtins) attrNames concatMap concatStringsSep isAttrs isBool isFloat isFunction isInt
    isList isPath isString listToAttrs match parseDrvName toJSON tryEval typeOf;
  ${SYSTEM}
  inherit (system) options;
  isOption = v: isAttrs v && (v._type or null) == "option";
  isDrv = v: isAttrs v && (v.type or null) == "derivation";
  quote = n: if match "[a-zA-Z_][a-zA-Z0-9_'-]*" n != null then n else toJSON n;
  pretty = d: v:
    if isDrv v then "pkgs.\${v.pname or (parseDrvName v.name).name}"
    else if isString v then toJSON v
    else if isBool v then (if v then "true" else "false")
    else if v == null then "null"
    else if isInt v || isFloat v then toString v
    else if isPath v then toString v
    else if isFunction v then "<function>"
    else if isList v then (if v == [ ] then "[ ]" else if d > 2 then "[ ... ]" else "[ \${concatStringsSep " " (map (pretty (d + 1)) v)} ]")
    else if isAttrs v then (
      if v ? _type && v ? text then v.text
      else if v == { } then "{ }" else if d > 2 then "{ ... }"
      else "{ \${concatStringsSep " " (map (n: "\${quote n} = \${pretty (d + 1) v.\${n}};") (attrNames v))} }")
    else "<\${typeOf v}>";
  safe = fallback: v: let r = tryEval v; in if r.success then r.value else fallback;
  literal = v: let r = tryEval (pretty 0 v); in if r.success then { default = { _type = "literalExpression"; text = r.value; }; } else { };
  literalText = v:
    if isString v then { default = { _type = "literalExpression"; text = v; }; }
    else if isAttrs v && v ? text then { default = { _type = v._type or "literalExpression"; inherit (v) text; }; }
    else { };
  docText = v: if isString v then v else if isAttrs v && v ? text then v.text else "";
  entry = o: {
    name = concatStringsSep "." o.loc;
    value = {
      inherit (o) loc;
      type = safe "unspecified value" (o.type.description or o.type.name or "unspecified value");
      description = safe "" (docText (o.description or ""));
      declarations = safe [ ] (map toString (o.declarations or [ ]));
      readOnly = safe false (o.readOnly or false);
      visible = safe true ((o.visible or true) == true);
      internal = safe false (o.internal or false);
      # mkRemovedOptionModule: invisible, undocumented, untyped, and an apply that throws (its
      # message is only in an assertion: REMOVED_MESSAGES reads it)
      removed = safe false ((o.visible or true) == false && (o.description or null) == null && o ? apply);
    }
    // (if o ? defaultText then literalText o.defaultText else if o ? default then literal o.default else { })
    // (if o ? example then (let e = literal o.example; in if e ? default then { example = e.default; } else { }) else { });
  };
  subOptions = o:
    if (o.visible or true) != true || builtins.length o.loc > 12 then [ ]
    else let r = tryEval (o.type.getSubOptions o.loc); in
      if r.success && isAttrs r.value then walk r.value else [ ];
  walk = set: concatMap (n:
    let v = set.\${n}; in
    if isOption v then [ (entry v) ] ++ subOptions v
    else if isAttrs v && !(isDrv v) then walk v
    else [ ]) (attrNames set);
in listToAttrs (walk options)
`;

/**
 * What to do instead of each removed option, from the assertions mkRemovedOptionModule adds:
 * `{ "a.b": "instructions" }`. A separate evaluation, after the walk: a message is any string a
 * module wrote, and one that fails in a way `tryEval` cannot catch must cost the messages only.
 */
export const REMOVED_MESSAGES = `
{ configuration ? null, flake ? null, host ? null }:
let
  inherit (builtins) concatMap isString listToAttrs match tryEval;
  ${SYSTEM}
  assertions = let r = tryEval system.config.assertions; in if r.success then r.value else [ ];
  read = a:
    let
      m = tryEval (a.message or null);
      g = if m.success && isString m.value then match "The option definition \`([^']*)' in .* no longer has any effect; please remove it\\\\.\n(.*)" m.value else null;
    in if g == null then [ ] else [ { name = builtins.head g; value = builtins.elemAt g 1; } ];
in listToAttrs (concatMap read assertions)
`;

/** nix-instantiate, nix-env: beside the configured `nix` when it is a path. */
export function nixTool(nixPath: string | undefined, tool: string): string {
  return nixPath && nixPath.includes('/') ? path.join(path.dirname(nixPath), tool) : tool;
}

const NIX_FLAGS = ['--option', 'substituters', ''];

function walkerArgs(target: ConfigurationSource): string[] {
  if (target.kind === 'flake') {
    const ref = target.dir ?? target.ref;
    return ['--extra-experimental-features', 'nix-command flakes', '--argstr', 'flake', ref, '--argstr', 'host', target.host];
  }
  const includes = target.includes.flatMap((i) => ['-I', i]);
  // Some argument always: nix-instantiate calls the expression (a function) only when given one.
  return [...includes, ...(target.nixosConfig ? ['--argstr', 'configuration', target.nixosConfig] : ['--arg', 'configuration', 'null'])];
}

/** Runs the options walker; the JSON is the manual's options.json shape (with `visible`, `internal`). */
export async function evaluateOptions(target: ConfigurationSource, run: LiveRun = {}): Promise<LiveResult> {
  return runJson(nixTool(run.nixPath, 'nix-instantiate'), ['--eval', '--strict', '--json', ...NIX_FLAGS, ...walkerArgs(target), '-E', OPTIONS_WALKER], run, 'evaluating the options');
}

/** Runs REMOVED_MESSAGES (only worth it when the walk found removed options). */
export async function evaluateRemovedMessages(target: ConfigurationSource, run: LiveRun = {}): Promise<LiveResult> {
  return runJson(nixTool(run.nixPath, 'nix-instantiate'), ['--eval', '--strict', '--json', ...NIX_FLAGS, ...walkerArgs(target), '-E', REMOVED_MESSAGES], run, 'reading why options were removed');
}

/**
 * A flake host's packages: its own `pkgs` (nixpkgs.overlays and config applied, as its modules
 * see it; NixOS's eval-config returns it), else the module argument, else the flake's `nixpkgs`.
 * nix-env reads a file (it has no expression flag for queries): written to a private folder.
 */
const FLAKE_PACKAGES = `{ flake, host }:
let
  self = builtins.getFlake flake;
  system = self.nixosConfigurations.\${host} or { };
in system.pkgs or system.config._module.args.pkgs or self.inputs.nixpkgs.legacyPackages.\${builtins.currentSystem} or (import <nixpkgs> { })
`;

/** `nix-env -qaP --json --meta` over the system's packages: channels: `<nixpkgs>`; a flake: FLAKE_PACKAGES. */
export async function evaluatePackages(target: ConfigurationSource, run: LiveRun = {}): Promise<LiveResult> {
  if (target.kind === 'channels') {
    const includes = target.includes.flatMap((i) => ['-I', i]);
    return runJson(nixTool(run.nixPath, 'nix-env'), ['-qaP', '--json', '--meta', ...NIX_FLAGS, ...includes, '-f', '<nixpkgs>'], run, 'listing the packages');
  }
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nix-humanity-packages-'));
    const file = path.join(dir, 'packages.nix');
    fs.writeFileSync(file, FLAKE_PACKAGES, { mode: 0o600 });
    const args = ['-qaP', '--json', '--meta', ...NIX_FLAGS, '--extra-experimental-features', 'nix-command flakes', '-f', file, '--argstr', 'flake', target.dir ?? target.ref, '--argstr', 'host', target.host];
    return await runJson(nixTool(run.nixPath, 'nix-env'), args, run, 'listing the packages');
  } catch (error) {
    return { ok: false, reason: `Could not list the packages: ${(error as NodeJS.ErrnoException).code ?? String(error)}.` };
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What `<...>` lookups of a channels evaluation resolve against, as Nix itself works it out. */
export interface SearchPath {
  /** Where `<nixpkgs>` leads, links followed; undefined when it is not found. */
  nixpkgs: string | undefined;
  /**
   * The effective search path (`builtins.nixPath`): `-I`, then `NIX_PATH` or `nix-path` /
   * `extra-nix-path` from nix.conf (`/etc/nix`, `$XDG_CONFIG_HOME/nix`, `NIX_CONFIG`), whichever
   * this Nix lets win (Nix 2.8: nix.conf's over `NIX_PATH`, so reading the files ourselves would
   * have to copy each version's order).
   */
  entries: { prefix: string; path: string }[];
}

/** Both answers from one evaluation (as cheap as the `--find-file nixpkgs` it replaced). */
const SEARCH_PATH = `let r = builtins.tryEval (toString <nixpkgs>); in { nixpkgs = if r.success then r.value else null; entries = builtins.nixPath; }`;

/**
 * What a channels result depends on beyond the configuration, for the disk cache. Undefined
 * (not cached) for a flake, whose `flake.lock` says it, or when Nix cannot be asked.
 */
export async function searchPathOf(target: ConfigurationSource, run: LiveRun = {}): Promise<SearchPath | undefined> {
  if (target.kind === 'flake') return undefined;
  const args = ['--eval', '--strict', '--json', ...target.includes.flatMap((i) => ['-I', i]), '-E', SEARCH_PATH];
  const r = await runProcess(nixTool(run.nixPath, 'nix-instantiate'), args, { signal: run.signal, timeoutMs: 10_000, env: run.env, cwd: run.cwd });
  if (r.exitCode !== 0) return undefined;
  let answer: { nixpkgs?: unknown; entries?: unknown };
  try {
    answer = JSON.parse(r.stdout) as typeof answer;
  } catch {
    return undefined;
  }
  const entries = Array.isArray(answer.entries)
    ? answer.entries.flatMap((e: { prefix?: unknown; path?: unknown }) => (typeof e?.prefix === 'string' && typeof e.path === 'string' ? [{ prefix: e.prefix, path: e.path }] : []))
    : [];
  // A channel is a chain of profile links (`/nix/var/nix/profiles/per-user/root/channels/nixos`)
  // that Nix does not follow: the store path it ends at changes with a channel update.
  const found = typeof answer.nixpkgs === 'string' && answer.nixpkgs !== '' ? answer.nixpkgs : undefined;
  return { nixpkgs: found && realpathOr(found), entries };
}

/** Where `<nixpkgs>` resolves for a channels evaluation, links followed (undefined for a flake). */
export async function nixpkgsPath(target: ConfigurationSource, run: LiveRun = {}): Promise<string | undefined> {
  return (await searchPathOf(target, run))?.nixpkgs;
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

async function runJson(command: string, args: string[], run: LiveRun, what: string): Promise<LiveResult> {
  const started = Date.now();
  const env = { ...(run.env ?? process.env), GC_MAXIMUM_HEAP_SIZE: String(run.maxHeapBytes ?? LIVE_MAX_HEAP_BYTES) };
  const timeoutMs = run.timeoutMs ?? LIVE_TIMEOUT_MS;
  const r = await runProcess(command, args, { signal: run.signal, timeoutMs, env, cwd: run.cwd, exitSignal: 'SIGKILL', dieWithParent: true });
  if (r.cancelled) return { ok: false, reason: `Stopped ${what}: cancelled.`, cancelled: true };
  if (r.timedOut) return { ok: false, reason: `Stopped ${what} after ${Math.round(timeoutMs / 1000)} s (the time limit).` };
  if (r.spawnError) return { ok: false, reason: `Could not run ${command} (${r.spawnError}): is Nix installed and on the PATH, or is nixHumanity.nix.path right?` };
  if (r.exitCode !== 0) {
    const error = lastError(r.stderr);
    const memory = /out of memory|GC Warning: Out of Memory|Insufficient space/i.test(r.stderr);
    return { ok: false, reason: memory ? `Stopped ${what}: it needed more memory than the limit.` : `Nix failed ${what}: ${error}` };
  }
  try {
    return { ok: true, json: JSON.parse(r.stdout), ms: Date.now() - started };
  } catch {
    return { ok: false, reason: `Nix printed something other than JSON while ${what}.` };
  }
}

/** The `error: ...` part of Nix's output, on one line. */
function lastError(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => !/^warning:/.test(l) && l.trim() !== '');
  const at = lines.findIndex((l) => /^error:/.test(l.trim()));
  const picked = at >= 0 ? lines.slice(at, at + 3) : lines.slice(-2);
  return picked.map((l) => l.trim()).join(' ').slice(0, 400) || 'no message';
}
