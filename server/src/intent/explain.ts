// What each binding of a configuration does, in plain words: hand-written phrasings for the
// families people meet first, else the index's description of the option, in one of three
// styles (concise, friendly, expert).
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { unwrapValue, listItemTexts } from '../analysis/optionEdits.js';
import { moduleOutline, optionPathOf, type ModuleOutline, type OptionBinding } from '../analysis/optionPaths.js';
import { SyntaxKind as K, asApply, asBinding, asSelect, lineIndex, type LineIndex } from '../syntax/index.js';

export type Style = 'concise' | 'friendly' | 'expert';

export interface Explanation {
  /** 0-based line of the binding. */
  line: number;
  start: number;
  end: number;
  path: string;
  value: string;
  text: string;
  /** False when only the fallback could be said (an option neither phrased nor in the index). */
  known: boolean;
}

const IMPORTS_SHOWN = 8;
/** The imports by name: a module written in place (a set, a function) is named as such, not
 * quoted whole, and a long list ends with how many more, so a hover stays a few lines. */
function importList(items: string[]): string {
  const named = items.slice(0, IMPORTS_SHOWN).map((item) => (/^\{|\n/.test(item.trim()) || item.length > 120 ? 'a module written in place' : item));
  const more = items.length - named.length;
  return named.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

const PHRASES: Record<string, (v: string, items: string[]) => string> = {
  'services.openssh.enable': (v) => (v === 'true' ? 'Turns on the OpenSSH server so you can log in from another machine; it also opens port 22 in the firewall.' : 'Keeps the SSH server off: nobody can log in from another machine.'),
  'environment.systemPackages': (_v, items) => `Installs these programs for every user: ${items.map(pkgName).join(', ') || 'none'}.`,
  imports: (_v, items) => `Reads these other files as part of this configuration: ${importList(items)}.`,
  'networking.hostName': (v) => `Names this machine ${v} on the network.`,
  'time.timeZone': (v) => `Sets the clock's time zone to ${v}.`,
  'i18n.defaultLocale': (v) => `Uses ${v} for the system's language, dates and numbers.`,
  'services.xserver.xkb.layout': (v) => `Uses the ${v} keyboard layout in graphical sessions.`,
  'console.useXkbConfig': (v) => (v === 'true' ? 'Uses the same keyboard layout on the text console as in graphical sessions.' : 'Keeps the console keyboard layout separate.'),
  'networking.firewall.allowedTCPPorts': (_v, items) => (items.length ? `Lets other machines reach TCP port${items.length > 1 ? 's' : ''} ${items.join(', ')} through the firewall.` : 'Opens no TCP ports in the firewall.'),
  'networking.firewall.allowedUDPPorts': (_v, items) => (items.length ? `Lets other machines reach UDP port${items.length > 1 ? 's' : ''} ${items.join(', ')} through the firewall.` : 'Opens no UDP ports in the firewall.'),
  'networking.firewall.enable': (v) => (v === 'true' ? 'Keeps the firewall on: only the ports you open can be reached.' : 'Turns the firewall off: every listening program can be reached from the network.'),
  'nixpkgs.config.allowUnfree': (v) => (v === 'true' ? 'Allows installing unfree (proprietary) packages such as Chrome or Steam.' : 'Refuses unfree (proprietary) packages.'),
  'nix.settings.experimental-features': (_v, items) => `Turns on these Nix features: ${items.join(', ')}${items.some((i) => i.includes('flakes')) ? ' (flakes and the new `nix` command)' : ''}.`,
  'nix.gc.automatic': (v) => (v === 'true' ? 'Deletes unused packages from the Nix store on a timer, to free disk space.' : 'Never deletes old packages by itself.'),
  'nix.settings.auto-optimise-store': (v) => (v === 'true' ? 'Saves disk space by hard-linking identical files in the Nix store.' : 'Leaves identical files in the store as they are.'),
  'system.autoUpgrade.enable': (v) => (v === 'true' ? 'Upgrades the system by itself on a timer.' : 'Upgrades only when you ask.'),
  'system.stateVersion': (v) => `Says which NixOS release this machine was installed with (${v}); keep it as it is, even after upgrading.`,
  'services.pipewire.enable': (v) => (v === 'true' ? 'Plays sound through PipeWire.' : 'Keeps PipeWire off.'),
  'hardware.bluetooth.enable': (v) => (v === 'true' ? 'Turns on Bluetooth.' : 'Keeps Bluetooth off.'),
  'services.printing.enable': (v) => (v === 'true' ? 'Lets this machine print (CUPS).' : 'No printing service.'),
  'virtualisation.docker.enable': (v) => (v === 'true' ? 'Runs the Docker daemon so you can run containers.' : 'No Docker daemon.'),
  'security.sudo.wheelNeedsPassword': (v) => (v === 'true' ? 'Asks administrators for their password when they use sudo.' : 'Lets administrators use sudo without typing a password.'),
  'services.openssh.settings.PermitRootLogin': (v) => (v === '"no"' ? 'Nobody can log in as root over SSH.' : `Root may log in over SSH (${v}).`),
  'services.openssh.settings.PasswordAuthentication': (v) => (v === 'false' ? 'Only keys, no passwords, can log in over SSH.' : 'Passwords can be used to log in over SSH.'),
  'boot.loader.systemd-boot.enable': (v) => (v === 'true' ? 'Boots with systemd-boot (UEFI).' : 'Does not use systemd-boot.'),
  'boot.loader.efi.canTouchEfiVariables': (v) => (v === 'true' ? 'Lets NixOS register itself as a boot entry in the firmware.' : 'Leaves the firmware boot entries alone.'),
  swapDevices: (_v, items) => (items.length ? `Uses ${items.length} swap device${items.length > 1 ? 's' : ''} for memory that does not fit in RAM.` : 'Uses no swap devices.'),
};

const pkgName = (t: string) => t.replace(/^pkgs\./, '');

function userPhrase(path: string[], v: string, items: string[]): string | undefined {
  if (path[0] !== 'users' || path[1] !== 'users' || path.length < 3) return undefined;
  const user = path[2];
  const rest = path.slice(3).join('.');
  if (rest === '') return `Defines the user ${user}.`;
  if (rest === 'isNormalUser') return v === 'true' ? `Makes ${user} a person's account (a home folder, a login shell).` : `${user} is not a normal (person's) account.`;
  if (rest === 'extraGroups') return `Puts ${user} in the groups ${items.map((g) => (g === '"wheel"' ? '"wheel" (administrators: may use sudo)' : g)).join(', ')}.`;
  if (rest === 'shell') return `Gives ${user} ${pkgName(v)} as login shell.`;
  if (rest === 'packages') return `Installs these programs for ${user} only: ${items.map(pkgName).join(', ')}.`;
  if (rest === 'description') return `Shows ${v} as ${user}'s full name.`;
  return undefined;
}

/** The condition of a `lib.mkIf COND { ... }` around the binding, as written. */
function enclosingCondition(outline: ModuleOutline, b: OptionBinding): string | undefined {
  for (let n = b.node.parent; n; n = n.parent) {
    if (n.kind !== K.Apply) continue;
    const { fn, args } = asApply(n)!.flatten();
    const name = fn && (fn.kind === K.IdentExpr ? fn.token(K.Ident)?.text : asSelect(fn)?.attrPath()?.parts().pop()?.name);
    if (name === 'mkIf' && args.length === 2) return outline.text.slice(args[0]!.start, args[0]!.end);
  }
  return undefined;
}

function firstSentence(md: string): string {
  const s = md.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(?:\s|$)/.exec(s);
  return m ? m[1]! : s;
}

/** Explanations of every leaf binding of a file, or of those on `line` (0-based) when given. */
export function explainText(text: string, index: NixosIndex | undefined, style: Style = 'friendly', line?: number, outline: ModuleOutline = moduleOutline(text)): Explanation[] {
  const lines = lineIndex(text);
  const out: Explanation[] = [];
  // (the line first, by offsets: a hover asks for one line of a file of thousands of bindings)
  const from = line === undefined ? -1 : lines.offsetAt({ line, character: 0 });
  const to = line === undefined || line + 1 >= lines.lineCount ? Infinity : lines.offsetAt({ line: line + 1, character: 0 });
  for (const b of line === undefined ? outline.bindings : bindingsOver(outline, from, to)) {
    if (b.kind !== 'attr') continue;
    if (b.range.start >= to || b.range.end < from) continue;
    if (line === undefined) {
      const e = explained(text, lines, outline, b, index, style);
      if (e) out.push(e);
      continue;
    }
    // (a hover inside a long binding, such as a file's `imports` list, explains it again each time)
    let known = seen.get(b);
    if (!known || known.text !== text || known.index !== index || known.style !== style) {
      known = { text, index, style, e: explained(text, lines, outline, b, index, style) };
      seen.set(b, known);
    }
    if (known.e) out.push({ ...known.e });
  }
  return out;
}

interface Nesting {
  /** The bindings' starts, in outline order (ascending). */
  starts: number[];
  /** Each binding's nearest enclosing binding (its index), or -1. */
  parent: Int32Array;
}

// Per outline (an outline is made once per version): hovers ask for one line at a time.
const nestings = new WeakMap<ModuleOutline, Nesting | null>();

/**
 * Bindings are syntax nodes in document order: nested or apart. Null when an outline is not
 * (then the caller walks it all).
 */
function nestingOf(outline: ModuleOutline): Nesting | null {
  const known = nestings.get(outline);
  if (known !== undefined) return known;
  const bs = outline.bindings;
  const starts: number[] = new Array(bs.length);
  const parent = new Int32Array(bs.length);
  const open: number[] = [];
  let nesting: Nesting | null = { starts, parent };
  for (let i = 0; i < bs.length; i++) {
    const { start, end } = bs[i]!.range;
    if (i > 0 && start < starts[i - 1]!) { nesting = null; break; }
    starts[i] = start;
    while (open.length > 0 && bs[open[open.length - 1]!]!.range.end < end) {
      // (a binding that ends before this one's end must end before its start: else they overlap)
      if (bs[open[open.length - 1]!]!.range.end > start) { nesting = null; break; }
      open.pop();
    }
    if (nesting === null) break;
    parent[i] = open.length > 0 ? open[open.length - 1]! : -1;
    open.push(i);
  }
  nestings.set(outline, nesting);
  return nesting;
}

/**
 * The bindings that may touch from..to (those with start < to and end >= from, and maybe a few
 * more: the caller tests), in outline order, without walking the outline: the ones starting in
 * it by binary search, those starting before it are the enclosing bindings of the last of them.
 */
function bindingsOver(outline: ModuleOutline, from: number, to: number): readonly OptionBinding[] {
  const nesting = nestingOf(outline);
  if (!nesting) return outline.bindings;
  const { starts, parent } = nesting;
  const firstAt = (x: number) => {
    let lo = 0, hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const i = firstAt(from);
  const j = to === Infinity ? starts.length : firstAt(to);
  const before: OptionBinding[] = [];
  for (let k = i - 1; k >= 0; k = parent[k]!) before.push(outline.bindings[k]!);
  before.reverse();
  return before.concat(outline.bindings.slice(i, j));
}

const seen = new WeakMap<OptionBinding, { text: string; index: NixosIndex | undefined; style: Style; e: Explanation | undefined }>();

function explained(text: string, lines: LineIndex, outline: ModuleOutline, b: OptionBinding, index: NixosIndex | undefined, style: Style): Explanation | undefined {
  const l = lines.positionAt(b.range.start).line;
  const value = asBinding(b.node)!.value();
  const inner = unwrapValue(value);
  const isSet = inner?.kind === K.AttrSet;
  const path = optionPathOf(b).map((p) => p ?? '<name>');
  const isUser = path[0] === 'users' && path[1] === 'users' && path.length === 3;
  // A set literal is explained by its bindings (a user by itself too).
  if (isSet && !isUser) return undefined;
  const e = explainBinding(outline, b, path, index, style);
  return e ? { line: l, start: b.range.start, end: b.range.end, path: path.join('.'), value: text.slice(b.valueRange.start, b.valueRange.end), text: e, known: !e.endsWith(UNKNOWN_SUFFIX[style]) } : undefined;
}

const UNKNOWN_SUFFIX: Record<Style, string> = { expert: '; (an option the index does not know)', friendly: ' (not an option this tool knows).', concise: ' (not an option this tool knows).' };

function explainBinding(outline: ModuleOutline, b: OptionBinding, path: string[], index: NixosIndex | undefined, style: Style): string | undefined {
  const raw = outline.text.slice(b.valueRange.start, b.valueRange.end);
  const inner = unwrapValue(asBinding(b.node)!.value());
  const v = inner ? outline.text.slice(inner.start, inner.end) : raw;
  const items = listItemTexts(outline, b);
  const name = path.join('.');
  const cond = raw !== v && /mkIf/.test(raw.slice(0, raw.indexOf(v))) ? raw.slice(raw.indexOf('mkIf') + 4, raw.indexOf(v)).trim() : enclosingCondition(outline, b);
  const condition = cond ? `Only when ${cond} holds: ` : '';
  const option = index?.option(path);
  let plain = PHRASES[name]?.(v, items) ?? userPhrase(path, v, items);
  if (!plain && option) {
    const desc = firstSentence(option.description);
    // Descriptions of `enable` options say what turning it on does ("Runs the nginx web server").
    if (path[path.length - 1] === 'enable' && (v === 'true' || v === 'false')) plain = v === 'true' ? desc : `Keeps this off (${path.slice(0, -1).join('.')}): ${desc[0]!.toLowerCase()}${desc.slice(1)}`;
    else plain = `Sets ${name} to ${v}: ${desc}`;
  }
  if (!plain && path[0] === 'options' && path.length > 1) plain = `Declares the option ${path.slice(1).join('.')} for this configuration's own modules.`;
  if (!plain) return style === 'expert' ? `${name} = ${raw}${UNKNOWN_SUFFIX.expert}` : `Sets ${name}${UNKNOWN_SUFFIX[style]}`;
  plain = condition + (condition ? plain[0]!.toLowerCase() + plain.slice(1) : plain);
  if (style === 'concise') return firstSentence(plain);
  if (style === 'expert') return `${name} = ${raw}${option ? ` (${option.type.text}${option.default !== undefined ? `, default ${option.default}` : ''})` : ''}. ${plain}`;
  const more = option && PHRASES[name] ? ` ${firstSentence(option.description)}` : '';
  return plain + (more && !plain.includes(more.trim()) ? more : '');
}
