// Yes/no settings named by what they do, found in the index by their names and descriptions:
// "tmpfs for /tmp" (boot.tmp.useTmpfs), "the hardware clock is in local time because of windows"
// (time.hardwareClockInLocalTime), "turn on printer browsing" (services.printing.browsing),
// "enable smart card support" (services.pcscd). Nothing here names an option: each word of the
// request is looked for in the option's path and description, the option's own name counting
// most; an option the words do not mostly describe is no reading.
import type { OptionInfo } from '../knowledge/model.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { bool } from './families.js';
import { enableOptions } from './grounding.js';
import { searchOptions } from './lookup.js';
import { FUNCTION_WORDS, PLAIN_WORDS } from './phrasing.js';
import { absolutePath, nixString } from './values.js';
import { intent, off, type Context, type Reading } from './reading.js';
import type { Clause } from './words.js';

// Words of a request that say nothing of what the setting is.
const STOP = new Set([
  'my', 'is', 'in', 'of', 'on', 'at', 'as', 'same', 'because', 'enable', 'disable', 'turn', 'fix', 'shows', 'show', 'support',
  'for', 'so', 'are', 'found', 'be', 'a', 'an', 'with', 'have', 'use', 'uses', 'make', 'put', 'set', 'let', 'allow', 'no',
  'off', 'on', 'yes', 'true', 'false', 'my', 'services', 'service', 'option', 'setting', 'feature', 'should', 'every', 'time',
  'always', 'never', 'instead', 'by', 'default', 'system', 'machine', 'computer', 'thing', 'stuff', 'things', 'everything', 'something',
  'server', 'daemon', 'client', 'manager', 'program', 'app', 'tool', 'start', 'run', 'running', 'working', 'work', 'works', 'add', 'install', 'remove', 'keep', 'also', 'too', 'only', 'can', 'cannot',
]);
// ("time" is a stop word unless it is all there is to say of a clock: "local time")
const KEEP_TIME = /\b(?:local|wrong|hardware|clock)\b/;

const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const stem = (w: string) => {
  const s = w.replace(/(?:ing|ers|er|ed|es|s)$/, '');
  return s.length >= 4 ? s : w;
};

/** The words that may name the setting. */
function topicWords(text: string): string[] {
  const keepTime = KEEP_TIME.test(text);
  // ("keyboard-interactive" is two words)
  const words = text.toLowerCase().split(/[^a-z0-9/+]+/).map((w) => w.replace(/^[/-]+|[/-]+$/g, '')).filter((w) => w.length >= 2);
  return [...new Set(words.filter((w) => (w === 'time' ? keepTime : !STOP.has(w) && !FUNCTION_WORDS.has(w) && !PLAIN_WORDS.has(w)) && !/^\d+$/.test(w)))];
}

// The words of every option's path, per index, made on first use: a clause none of whose words
// is one names no setting by its name, and is not searched for (each search scans every option).
const NAME_WORDS = new WeakMap<NixosIndex, Set<string>>();
function nameVocabulary(index: NixosIndex): Set<string> {
  let words = NAME_WORDS.get(index);
  if (!words) {
    words = new Set();
    for (const { path } of index.optionSearchTexts()) for (const p of path) for (const w of nameWords(p)) words.add(w);
    NAME_WORDS.set(index, words);
  }
  return words;
}

/** The words of an option name: `hardwareClockInLocalTime` -> hardware clock in local time; `useOSProber` -> use os prober. */
const nameWords = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

interface Scored {
  option: OptionInfo;
  score: number;
  hits: number;
  named: boolean;
  /** Programs its description names that the words do not (an option for GnuPG is GnuPG's). */
  others: number;
}

function score(o: OptionInfo, words: string[], text: string): Scored {
  const path = o.path;
  const own = path[path.length - 1] === 'enable' ? path[path.length - 2]! : path[path.length - 1]!;
  const ownKey = key(own);
  const pathWords = path.flatMap(nameWords);
  const descWords = o.description.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  let s = 0;
  let hits = 0;
  let named = false;
  for (const w of words) {
    const k = key(w);
    const st = stem(w);
    // The option's own name holds the word ("mdns" in nssmdns4, "geoclue" in geoclue2) or is spelled by it.
    if (k.length >= 3 && (ownKey.includes(k) || (ownKey.length >= 4 && k.includes(ownKey)))) {
      // (a service's own name, "geoclue" for services.geoclue2.enable, says the most)
      s += path[path.length - 1] === 'enable' && k.length >= 5 ? 3 : 2;
      hits++;
      named = true;
    } else if ([...pathWords, ...descWords].some((x) => x.startsWith(st) || (x.length >= 4 && st.startsWith(x))) || (k.length >= 3 && pathWords.some((x) => x.includes(k)))) {
      s += 1;
      hits++;
    }
  }
  // Two words side by side in the description as well ("the smart card daemon") say more than each alone.
  for (let k = 0; k + 1 < words.length; k++) if (o.description.toLowerCase().includes(`${words[k]} ${stem(words[k + 1]!)}`)) s += 1;
  // (names written with capitals inside a sentence: "GnuPG", "Windows", "AMD", "CPU")
  const programs = [...o.description.matchAll(/(?<=[a-z,;] )(?:[A-Z][a-z]+[A-Z]\w*|[A-Z][a-z]{2,}|[A-Z]{2,}\w*)\b/g)].map((m) => m[0].toLowerCase());
  // A name with a part the words leave out is for that part: gpgSmartcards is GnuPG's smart cards.
  let rest = ownKey.replace(/^(?:use|enable|allow|is|with|has)/, '');
  for (const w of words) rest = rest.replace(key(w), '').replace(key(stem(w)), '');
  const others = programs.filter((p) => !text.includes(p)).length + (named && rest.replace(/\d/g, '').length >= 3 ? 1 : 0);
  return { option: o, score: s, hits, named, others };
}

/**
 * A yes/no option the clause's words describe. `named`: only one whose own name the words hold
 * (read before the families, so "printer browsing" is not printing itself); otherwise one the
 * description alone matches, read after them.
 */
function describedSwitch(c: Clause, ctx: Context, named: boolean): Reading | undefined {
  if (c.verb && c.verb !== 'enable' && c.verb !== 'disable' && c.verb !== 'set') return undefined;
  // (nor one about the person: "i am new in linux", "we have a yubikey")
  if (/\?$/.test(c.text) || /^(?:why|what|how|is|are|does|do|which|where|i|we|you|they|hi|hello|good|thanks)\b/.test(c.text)) return undefined;
  // A number or an address is a value: the setting is not a yes/no one ("8 cores", "put 1 second").
  if (/\d/.test(c.text)) return undefined;
  const words = topicWords(c.text);
  if (words.length === 0 || words.length > 5 || (named && words.length < 2)) return undefined;
  // A statement without a verb ("the hardware clock is in local time because of windows") must say more.
  const says = (x: Scored) => x.score >= 3 && (!!c.verb || x.score >= 4 || (x.hits === words.length && x.hits >= 3));
  // After the families: a name the index knows ("enable jellyfin") is genericOption's, not a description's.
  const byName = (w: string) =>
    ['services', 'programs', 'hardware', 'virtualisation', 'networking', 'security', 'services.xserver.windowManager', 'services.xserver.desktopManager', 'services.desktopManager'].some((r) => ctx.index.option([...r.split('.'), w, 'enable']));
  if (!named && (words.some(byName) || enableOptions(words.join(' '), ctx.index).some((o) => o.confidence >= 0.8))) return undefined;
  if (named) {
    const vocabulary = nameVocabulary(ctx.index);
    if (!words.some((w) => vocabulary.has(key(w)) || vocabulary.has(stem(w)))) return undefined;
  }
  const seen = new Set<string>();
  const found: Scored[] = [];
  // An option holding enough of the words holds one of the longest few: only those are searched
  // (each word searched is a scan of every option's text).
  const searched = [...words].sort((a, b) => b.length - a.length).slice(0, named ? 2 : Math.floor(words.length / 2) + 1);
  for (const w of searched) {
    for (const o of searchOptions(ctx.index, w.length >= 5 ? stem(w) : w, 60)) {
      const id = o.path.join('.');
      if (seen.has(id) || !/^(?:null or )?boolean$/.test(o.type.text) || o.path.some((p) => p.startsWith('<') || p === '*')) continue;
      seen.add(id);
      const s = score(o, words, c.text);
      // Most of the words, two of them at least, or the option's own name and nothing left unsaid.
      if (s.hits * 2 < words.length || (s.hits < 2 && !s.named)) continue;
      // Before the families, only a setting below one ("printer browsing"), never a service's own switch.
      // (and every word of the clause is in its name or description)
      if (named && (!s.named || o.path[o.path.length - 1] === 'enable' || s.hits < Math.max(words.length - 1, Math.min(words.length, 3)))) continue;
      if (!says(s)) continue;
      found.push(s);
    }
  }
  if (found.length === 0) return undefined;
  const rank = (x: Scored) => x.score - 2 * x.others;
  // (last, the path's own order: of services.avahi.nssmdns4 and nssmdns6 equally described, the first)
  found.sort((a, b) => rank(b) - rank(a) || b.hits - a.hits || a.others - b.others || b.score - a.score || a.option.path.length - b.option.path.length || (a.option.path.join('.') < b.option.path.join('.') ? -1 : 1));
  const best = found[0]!;
  // Before the families, two settings equally described under different owners (AMD's and Intel's microcode) are no reading.
  const parentOf = (x: Scored) => x.option.path.slice(0, -1).join('.');
  if (found.some((x) => x !== best && rank(x) === rank(best) && x.hits === best.hits && parentOf(x) !== parentOf(best))) return undefined;
  const no = off(c);
  const path = best.option.path;
  const changes = [bool(path.join('.'), !no)];
  // "enable avahi mdns": a switch below a service the words name turns the service on too.
  const parent = path[path.length - 1] === 'enable' ? undefined : ctx.index.option([...path.slice(0, -1), 'enable']);
  if (!no && parent && words.some((w) => key(w) === key(path[path.length - 2]!)) && ctx.present.value(parent.path.join('.')) !== 'true') changes.unshift(bool(parent.path.join('.'), true));
  // A part of a service that is off and that the words do not name does nothing and is not what is
  // asked ("carol needs admin rights" is not services.sunshine.capSysAdmin).
  else if (!no && parent && ctx.present.value(parent.path.join('.')) !== 'true') return undefined;
  const r = intent(c, 'service', `${no ? 'turn off' : 'turn on'} ${path.join('.')}`, changes, best.named ? 0.9 : 0.8, [`Found ${path.join('.')} by what it does: ${best.option.description.split(/(?<=\.)\s/)[0]}`]);
  r.alternatives = found.slice(1, 3).filter((x) => rank(x) >= rank(best) - 1).map((x) => ({ intent: { ...r.intent, summary: `${no ? 'turn off' : 'turn on'} ${x.option.path.join('.')}`, changes: [bool(x.option.path.join('.'), !no)], confidence: 0.7 }, reason: `its description: ${x.option.description.split(/(?<=\.)\s/)[0]}` }));
  // "windows dual boot shows the wrong time, fix the clock": a clause after it that names the same setting asks the same.
  ctx.frame = (next) => {
    const more = topicWords(next.text);
    return more.length > 0 && more.every((w) => score(best.option, [w], next.text).hits === 1) ? { intent: { ...r.intent, words: next.text }, alternatives: [] } : undefined;
  };
  return r;
}

export const namedSwitchRule = (c: Clause, ctx: Context) => describedSwitch(c, ctx, true);
export const describedSwitchRule = (c: Clause, ctx: Context) => describedSwitch(c, ctx, false);

/**
 * "my efi partition is mounted at /boot/efi": a path in the words, set on the option whose name
 * and description the other words describe and which holds a path (its description says where).
 */
export function describedPathRule(c: Clause, ctx: Context): Reading | undefined {
  const value = absolutePath(c.text);
  if (!value || off(c) || (c.verb && c.verb !== 'set' && c.verb !== 'enable')) return undefined;
  const words = topicWords(c.text.replace(value, ' '));
  if (words.length < 2 || words.length > 6) return undefined;
  const seen = new Set<string>();
  const found: Scored[] = [];
  for (const w of words) {
    for (const o of searchOptions(ctx.index, w.length >= 5 ? stem(w) : w, 60)) {
      const id = o.path.join('.');
      if (seen.has(id) || !/^(?:null or )?(?:string|path|absolute path)\b/.test(o.type.text) || o.path.some((p) => p.startsWith('<') || p === '*')) continue;
      seen.add(id);
      if (!/\b(?:where|mounted|mount point|path|directory|folder|file)\b/i.test(o.description) && !/(?:Path|Dir|Point|File)$/.test(o.path[o.path.length - 1]!)) continue;
      const s = score(o, words, c.text);
      if (s.hits >= 2 && s.hits * 2 >= words.length + 1 && s.score >= 3) found.push(s);
    }
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => b.score - 2 * b.others - (a.score - 2 * a.others) || a.option.path.length - b.option.path.length);
  const best = found[0]!;
  const path = best.option.path;
  return intent(c, 'boot', `set ${path.join('.')} = "${value}"`, [{ kind: 'set', path: [...path], value: { text: nixString(value) } }], 0.9, [`Found ${path.join('.')} by what it holds: ${best.option.description.split(/(?<=\.)\s/)[0]}`]);
}

/**
 * "PermitRootLogin no", "X11Forwarding yes": a setting written as in its program's own file, the
 * name the last part of one option the index knows (any case), the value one its type takes.
 */
export function settingLineRule(c: Clause, ctx: Context): Reading | undefined {
  // (no verb: "install firefox" is no setting; the name is one long word, as such files write them)
  const m = c.verb ? null : /^([a-z][a-z0-9]{7,})\s*(?:=|:)?\s*"?([\w.-]+)"?$/.exec(c.text.replace(/\s+/g, ' ').trim());
  // (the values such files hold: yes/no, a number, a word-with-hyphens of an enum)
  if (!m || !/^(?:yes|no|true|false|on|off|\d+|[a-z]+(?:-[a-z]+)+)$/.test(m[2]!)) return undefined;
  const name = m[1]!;
  const said = m[2]!;
  const named = searchOptions(ctx.index, name, 30).filter((o) => o.path[o.path.length - 1]!.toLowerCase() === name && !o.path.some((p) => p.startsWith('<') || p === '*'));
  if (named.length !== 1) return undefined;
  const o = named[0]!;
  let text: string | undefined;
  if (/^(?:null or )?boolean$/.test(o.type.text)) text = /^(?:yes|true|on)$/.test(said) ? 'true' : /^(?:no|false|off)$/.test(said) ? 'false' : undefined;
  else if (/^(?:null or )?one of /.test(o.type.text)) {
    const v = [...o.type.text.matchAll(/"([^"]*)"/g)].map((x) => x[1]!).find((x) => x.toLowerCase() === said);
    if (v !== undefined) text = nixString(v);
  }
  else if (/\binteger\b/.test(o.type.text) && /^\d+$/.test(said)) text = said;
  if (text === undefined) return undefined;
  return intent(c, 'service', `set ${o.path.join('.')} = ${text}`, [{ kind: 'set', path: [...o.path], value: { text } }], 1, [`${o.path[o.path.length - 1]} is ${o.path.join('.')}: ${o.description.split(/(?<=\.)\s/)[0]}`]);
}
