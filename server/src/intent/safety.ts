// What keeps an unsure reading from becoming a silent wrong edit. A word matched to a name by
// edit distance, or found only in an option's or package's description, is applied only when it
// is strong: a long word that is no everyday English word ("firefx", "syncthign"), or a name the
// option or package carries itself ("microcode" in updateMicrocode). "swap" is one letter from
// sway, "dave" from dive, "tcp" from tlp, "language" is in ollama's description: such matches
// are left to "not understood", which lists them as the nearest things. A wrong edit costs more
// than a question.
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import type { Change, Understanding } from './model.js';
import type { Present } from './present.js';
import { FEATURES, GROUP_WORDS, SHELLS, type Feature } from './families.js';
import { FUNCTION_WORDS, PLAIN_WORDS } from './phrasing.js';

// Everyday English words people use around a request. None of them is a safe guess at a
// package or option name by spelling, and finding one in a description names nothing.
const EVERYDAY = new Set(`
a an about above access account after again against age all allow also always another answer any app apps area around ask
auth away back bad base be because been before begin behind being below best better between big bit black block
blue board body book boot both box break bring brother build but buy call camera can card care carry case change
check child city clean clear close code cold color colour come common company computer connect control copy could
country course cover data date day dead deal dear desk did die disk disks do does dog done door down draw drive
drop each early easy eat edit else end enough even ever every eye face fact fail fall family far fast father feel
few file files find fine fire first fix folder follow food for form format found free friend from front full fun
game games gave get girl give given go going gone good got great green group grow guy had half hand hard has
have he head hear help her here high him his hold home hope hot hour house how image in info inside into is it
item job just keep key kind know land last late later lead learn leave left less let letter life light like line
list little live local long look lose lost lot love low machine made mail main make man many map mark may me mean
media meet memory message might mind mine minute miss mode model money month more morning most mother move much
music must my name near need network never new news next nice night no none normal not note nothing now number of
off office often old on once one only open or order other our out outside over own page paper part party pass past
pay people person phone photo photos picture pictures place plan play please point power print program put question
quick quiet read ready real reason record red rest right room round rule run safe said same save saw say school
screen see seem self send sent server set share she shell short should show side sign simple since sister site
size sleep slow small so some son sound speed start state stay step still stop store story study such sure system
table take talk team tell test text than that the their them then there these they thing think this those time to
today together too top touch town track tree true try turn type under until up update us use used user users very
video view wait walk wall want war watch water way we web week well went were what when where which while white
who whole why will window with without word words work world would write year yes yet you young your
ping pulse language languages english french german spanish portuguese italian
swap tcp udp ip interface interfaces virtual machines container containers compatibility support feature features
`.split(/\s+/).filter(Boolean));

/** Everyday English and the words that ask nothing: no name is guessed from them. */
export function everydayWord(w: string): boolean {
  const s = w.toLowerCase();
  return EVERYDAY.has(s) || EVERYDAY.has(s.replace(/s$/, '')) || FUNCTION_WORDS.has(s) || PLAIN_WORDS.has(s);
}

// Words of the hand-written families ("swap", "sway", "gnome"): a word of another reading is no typo of a name.
const FAMILY_WORDS = new Set(FEATURES.flatMap((f) => f.words.filter((w) => !w.includes(' '))));

/**
 * Whether a word may be read as a misspelling of a name (by edit distance): long enough that one
 * or two edits are a typo and not another word (four letters have dozens of neighbours), no
 * everyday word, no word another reading takes.
 */
export function typoMayName(word: string): boolean {
  return word.length >= 5 && /[a-z]/.test(word) && !/\d/.test(word) && !everydayWord(word) && !FAMILY_WORDS.has(word) && !(word in GROUP_WORDS) && !SHELLS.has(word);
}

/** The words of a request that may name something (not everyday English). */
export function namingWords(words: string): string[] {
  return words.toLowerCase().split(/[^a-z0-9+-]+/).filter((w) => w.length >= 2 && !everydayWord(w));
}

const single = (w: string) => w.replace(/(?<![su])s$/, '');

/** A name's words: "enableVirtualCamera" -> enable, virtual, camera; "power-profiles-daemon" -> power, profiles, daemon. */
export const nameParts = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/**
 * Whether the words spell an option's own name: every word of some name in its path (but a
 * leading enable/use/allow, and daemon/service/server) is among them ("virtual camera": enableVirtualCamera, "jack":
 * services.pipewire.jack). "swap" does not spell zramSwap, "pulse" does not spell pulseaudio.
 */
export function spelledBy(path: readonly string[], words: string): boolean {
  const said = new Set(words.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).map(single));
  return path.some((p, k) => {
    if (k === path.length - 1 && p === 'enable') return false;
    // (What kind of thing it is names nothing: "power-profiles-daemon" is spelled by "power profiles".)
    const parts = nameParts(p).filter((x, i) => !(i === 0 && /^(?:enable|use|allow|with)$/.test(x)) && !/^(?:daemon|service|server)$/.test(x));
    return parts.length > 0 && parts.every((x) => said.has(single(x)));
  });
}

/**
 * An option found only because its description holds the words is applied when some word is no
 * everyday word (a name like "minecraft" or "plymouth" that only that option's text holds), or
 * when the words spell the option's own name. "language" finding ollama, "music" finding mpd,
 * "swap" finding zramSwap are not.
 */
export function descriptionMatchHolds(path: readonly string[], words: string): boolean {
  return namingWords(words).length > 0 || spelledBy(path, words);
}

// Where the settings people name by one word live ("hostname", "timezone", "hostid").
const SETTING_ROOTS = [['networking'], ['time'], ['i18n'], ['console'], ['system']];

/** A word that is the name of a setting (no switch) the index has: it names that, not a switch whose text holds it. */
export function namesASetting(words: string, index: NixosIndex): boolean {
  const k = words.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (words.includes(' ') || k.length < 6) return false;
  return SETTING_ROOTS.some((r) => index.children(r).some((ch) => ch.name.toLowerCase() === k && !!ch.option && !/boolean/.test(ch.option.type.text)));
}

/**
 * Options found only by their descriptions, none of them spelled by the words, the first two
 * alike (as deep): nothing tells them apart, so none is guessed ("smart card support":
 * hardware.gpgSmartcards or services.pcscd).
 */
export function tiedGuess(found: ReadonlyArray<{ option: { path: readonly string[] }; confidence: number }>, words: string): boolean {
  if (found.length < 2 || found.some((o) => o.confidence !== 0.5)) return false;
  if (found.some((o) => spelledBy(o.option.path, words))) return false;
  return found[0]!.option.path.length === found[1]!.option.path.length;
}

/** A package found by a search holds when a word of the request that may name it is in its name. */
export function packageSearchHolds(attr: string, words: string): boolean {
  // A word of the name begins with it ("chrome": google-chrome; "ring" is not in mailspring).
  const parts = attr.toLowerCase().split(/[^a-z0-9]+/);
  return namingWords(words).some((w) => w.length >= 3 && parts.some((p) => p === w || p === single(w) || (w.length >= 4 && p.startsWith(single(w)))));
}

/** A font package ("noto-fonts", "fira-code", "nerd-fonts.jetbrains-mono"): fonts.packages is where NixOS wants it. */
export function isFontPackage(attr: string, index: NixosIndex): boolean {
  const p = index.package(attr);
  if (!p) return false;
  // ("font-manager" and "gnome-font-viewer" are apps: "fonts" as a part of the name, or "-font" at its end.)
  if (/(?:^|[-.])fonts(?:$|[-.])|fonts$|-font$/.test(attr)) return true;
  // "JetBrains' monospaced font for developers", not "Previews and manages fonts": an app's text starts with what it does.
  const d = p.description ?? '';
  return /^(?:\S+ ){0,7}?(?:font|fonts|typeface)\b/i.test(d) && !/^(?!Fonts\b)[A-Z][a-z]+s\b(?!')/.test(d);
}

/**
 * Whether the name at words[i..i+len) only qualifies what is asked: "the tailscale interface" is
 * a network interface, "the gnome disks app" an app (a name, another word, what kind of thing),
 * "keyboard-interactive auth for ssh" a part of SSH (the name only after "for", something
 * asked before it). "podman for containers" names Podman first and is Podman.
 */
export function nameOnlyQualifies(words: readonly string[], i: number, len: number): boolean {
  const after = words.slice(i + len);
  if (/^(?:interfaces?|iface|device|bridge)$/.test(after[0] ?? '')) return true;
  if (after.length >= 2 && !/^(?:for|with|on|in|and|so|to|please|support|service|server|daemon|desktop|stuff)$/.test(after[0]!) && /^(?:app|apps|application|program|tool|utility)$/.test(after[after.length - 1]!)) return true;
  // ("in the firewall": an article may stand between.)
  const p = /^(?:the|a|an|my|our)$/.test(words[i - 1] ?? '') ? i - 2 : i - 1;
  return p >= 1 && /^(?:for|of|on|in)$/.test(words[p]!) && words.slice(0, p).some((w) => !everydayWord(w) || /^(?:auth|authentication|login|logins|port|ports|support|key|keys)$/.test(w));
}

/**
 * A feature named inside a longer name is not asked for: the words that qualify it (above), or
 * a package whose name the words begin ("gnome disks": gnome-disk-utility, "docker compose").
 */
export function featureOnlyQualifies(object: string, f: Feature, index: NixosIndex): boolean {
  const words = object.split(' ');
  const at = (k: string) => {
    const i = ` ${object} `.indexOf(` ${k} `);
    return i < 0 ? -1 : object.slice(0, i).split(' ').filter(Boolean).length;
  };
  const starts = f.words.map((k) => ({ k, i: at(k) })).filter((x) => x.i >= 0);
  if (starts.length === 0) return false;
  const { k, i } = starts.sort((a, b) => a.i - b.i || b.k.length - a.k.length)[0]!;
  if (nameOnlyQualifies(words, i, k.split(' ').length)) return true;
  // (Two or three words, the feature's first: "gnome disks"; a prefix scan of the package names.)
  if (i !== 0 || f.words.includes(object) || words.length < 2 || words.length > 3) return false;
  const prefix = words.map(single).join('-');
  if (prefix.length < 6) return false;
  return packagePrefix(index, prefix);
}

// Whether a package name begins with a prefix, kept per index: a clause is read by several
// rules, and a scan of 100,000 names is ~2 ms.
const prefixes = new WeakMap<NixosIndex, Map<string, boolean>>();
function packagePrefix(index: NixosIndex, prefix: string): boolean {
  let known = prefixes.get(index);
  if (!known) prefixes.set(index, (known = new Map()));
  let r = known.get(prefix);
  if (r === undefined) {
    r = false;
    for (const n of index.packageNames()) if (n === prefix || n.startsWith(`${prefix}-`)) { r = true; break; }
    if (known.size > 1000) known.clear();
    known.set(prefix, r);
  }
  return r;
}

/**
 * "don't allow ssh from outside": the service stays, its port in the firewall closes. The
 * service's own openFirewall option when the words say where from and the index has it; none
 * (an empty list: nothing to apply) when the service has no such option.
 */
export function fromOutside(text: string, f: Feature, index: NixosIndex, no: boolean): Change[] | undefined {
  // (Only to shut out: "allow ssh from outside" is the server, which opens its port itself.)
  if (!no || !/\bfrom (?:the )?(?:outside|internet|network|lan|other (?:machines|computers|hosts))\b/.test(text)) return undefined;
  const first = f.on[0];
  if (!first || first.kind !== 'set' || first.path.at(-1) !== 'enable') return undefined;
  const path = [...first.path.slice(0, -1), 'openFirewall'];
  // None: the service is not what is asked to stop, and no option says it; nothing is changed.
  if (!index.option(path)) return [];
  return [{ kind: 'set', path, value: { text: 'false' } }];
}

/** Digits glued to a name are not port numbers ("docker0", "wg0", "eth1"). */
export const withoutNamedNumbers = (s: string) => s.replace(/\b[a-z][a-z-]*\d+\b/g, ' ');

// "turn the firewall off completely": the object between the verb and "off", a word of how much after it.
const TURNED_OFF = /^(?:please )?(?:turn|switch|shut) (?!on\b|off\b)(?:\S+ ){1,3}off(?: (?:completely|entirely|fully|altogether|totally|for good|please))+$/;

/** Words that say "off" never turn something on: a switch read as on is read as off. */
function saidOff(i: Understanding['intents'][number]): void {
  if (!TURNED_OFF.test(i.words)) return;
  const on = i.changes.filter((c) => c.kind === 'set' && c.path.at(-1) === 'enable' && c.value.text === 'true');
  // (One switch only: a family's companions turned off are not asked for.)
  if (on.length !== 1 || i.changes.length !== 1) return;
  i.changes = on.map((c) => ({ ...c, value: { text: 'false' } }) as Change);
  i.summary = i.summary.replace(/^turn on\b/, 'turn off');
  i.notes.push('Read "off" after what is named: turned off.');
}

// "sound works", "my wifi drops every few minutes", "my /boot partition keeps filling up", "xfce feels dated":
// a thing and what it does or seems, no verb that asks.
// (Not after "the": "i need that the printer works" asks for it.)
const STATE = /^(?!the )(?:my |our |this )?[a-z0-9/-]+(?: [a-z0-9/-]+)? (?:works|still works|works fine|is working|drops|keeps dropping|keeps disconnecting|disconnects|cuts out|keeps cutting out|keeps filling up|fills up|is (?:almost |nearly )?full|feels|seems|looks)(?: .*)?$/;

/**
 * A clause that says how a thing is asks nothing of it: "Sound works but ... install pavucontrol"
 * does not turn sound on (its companions with it), "my wifi drops" is no request for NetworkManager.
 * Said in the notes beside a request; alone it is not understood.
 */
function howThingsAre(out: Understanding): void {
  for (let k = out.intents.length - 1; k >= 0; k--) {
    const i = out.intents[k]!;
    if (!STATE.test(i.words)) continue;
    out.intents.splice(k, 1);
    out.alternatives.splice(k, 1);
    if (out.intents.length) out.intents[0]!.notes.push(`Read "${i.words}" as how things are, not as something to change.`);
    else out.unknown.push({ words: i.words, nearest: [i.summary] });
  }
}

/** A word no one is called: a plural of an everyday word ("containers"), an -ing word ("gaming"), a word that asks nothing. ("mark", "jack" may be names.) */
const notAName = (w: string) => FUNCTION_WORDS.has(w) || PLAIN_WORDS.has(w) || (/s$/.test(w) && EVERYDAY.has(w.replace(/s$/, ''))) || (EVERYDAY.has(w) && /s$/.test(w)) || /^[a-z]{3,}ing$/.test(w);

/**
 * After every clause is read, what the request as a whole says about each:
 * - a package installed while another clause sets options of its own program module
 *   ("install obs and enable the virtual camera"): the module is turned on instead, since the
 *   options do nothing without it and the module installs the package;
 * - fonts go to fonts.packages, where NixOS makes them known to the system, not systemPackages;
 * - a user made up from a word no one is called ("podman for containers") is no user: the change
 *   to it is dropped when the configuration has no such user.
 */
export function settleRequest(out: Understanding, index: NixosIndex, present: Present): void {
  for (const i of out.intents) saidOff(i);
  howThingsAre(out);
  const sets = out.intents.flatMap((i) => i.changes);
  for (const i of out.intents) {
    i.changes = i.changes.flatMap((ch): Change[] => {
      if (ch.kind !== 'listAdd' || ch.path.join('.') !== 'environment.systemPackages') return [ch];
      const kept: typeof ch.items = [];
      const more: Change[] = [];
      for (const item of ch.items) {
        if (!('package' in item)) {
          kept.push(item);
          continue;
        }
        const a = item.package;
        const module = ['programs', a];
        if (index.option([...module, 'enable']) && sets.some((s) => s.path.length > 2 && s.path[0] === 'programs' && s.path[1] === a)) {
          more.push({ kind: 'set', path: [...module, 'enable'], value: { text: 'true' } });
          if (ch.items.length === 1) i.summary = `turn on programs.${a}`;
          i.notes.push(`${a} is turned on as programs.${a} (its options are asked for too), which installs it.`);
        } else if (isFontPackage(a, index) && index.option(['fonts', 'packages'])) {
          more.push({ kind: 'listAdd', path: ['fonts', 'packages'], items: [item] });
          i.notes.push(`${a} is a font: added to fonts.packages.`);
        } else kept.push(item);
      }
      return [...(kept.length ? [{ ...ch, items: kept }] : []), ...more];
    });
  }
  // Several fonts in one request go into one list.
  const fontAdds = out.intents.flatMap((i) => i.changes.filter((c) => c.kind === 'listAdd' && c.path.join('.') === 'fonts.packages'));
  if (fontAdds.length > 1) {
    const [first, ...rest] = fontAdds as Array<Extract<Change, { kind: 'listAdd' }>>;
    for (const r of rest) first!.items.push(...r.items);
    for (const i of out.intents) i.changes = i.changes.filter((c) => !rest.includes(c as Extract<Change, { kind: 'listAdd' }>));
  }
  const users = new Set(present.normalUsers());
  for (const [k, i] of out.intents.entries()) {
    const made = i.changes.filter((c) => c.path[0] === 'users' && c.path[1] === 'users' && c.path[2] && !users.has(c.path[2]) && notAName(c.path[2]));
    if (made.length === 0 || made.length === i.changes.length) continue;
    i.changes = i.changes.filter((c) => !made.includes(c));
    // The alternative that was this without the user is now the reading: its summary, and it is no longer offered.
    const alts = out.alternatives[k] ?? [];
    const same = alts.findIndex((a) => JSON.stringify(a.intent.changes) === JSON.stringify(i.changes));
    if (same >= 0) {
      i.summary = alts[same]!.intent.summary;
      alts.splice(same, 1);
    }
    i.notes.push(`"${made[0]!.path[2]}" is read as what it is for, not as a user.`);
  }
}
