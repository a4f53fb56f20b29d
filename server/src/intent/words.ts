// A request as words: normalised (case, quotes, contractions, filler), split into clauses
// ("install firefox and enable ssh" -> two), with the verb of each and whether it is negated.
// Regular expressions here read English, never Nix.
import { editDistance } from '../knowledge/nearestNames.js';
import { FUNCTION_WORDS, rephraseForms, rephraseLoose, rephrasePassive, rephraseRequest, rephraseState, unquote, verbAfterColon } from './phrasing.js';

export type Verb = 'install' | 'remove' | 'enable' | 'disable' | 'open' | 'close' | 'set' | 'create' | 'add';

export interface Clause {
  /** The clause as written (normalised). */
  text: string;
  /** Its words after the verb, typos in keywords corrected. */
  rest: string;
  verb: Verb | undefined;
  /** "don't", "do not", "no", "never", "without": the clause is asked the other way round. */
  negated: boolean;
  /** Words corrected on the way ("instal" -> "install"), for the notes. */
  corrections: string[];
  /** "install vlc, actually no": the request takes back these words and asks nothing else. */
  takesBack?: string;
}

const FILLER = [
  // "i'd appreciate if you could remove git": the politeness around a request.
  /\b(?:i|we)(?: would|'d)? (?:appreciate|be (?:very )?grateful|love)(?: it)? if (?:you )?(?:could|would|can|will)?\b/g,
  /\b(?:any chance of|any way of|any way to)\b/g,
  /\bbe (?:so kind|kind enough)(?: as)? to\b/g,
  /\b(?:please|pls|plz|pleas)\b/g,
  // Questions that ask for something: "how do I install vlc?", "can I get spotify", "is there a way to enable bluetooth?".
  /\b(?:(?:how|where) (?:do|can|would|should) (?:i|we)|how to|(?:can|could|may) (?:i|we)|is (?:it|there a way) (?:possible )?(?:to|that)|is there a way to)\b/g,
  /\b(?:can|could|would|will|do) you(?: mind)?\b/g,
  /\bi(?: would|'d) like(?: to)?\b/g,
  /\bi (?:want|need|wanna)(?: to)?\b/g,
  /\bi'd\b/g,
  /\blet's\b/g,
  /\bfor me\b/g,
  /\bkindly\b/g,
  /\bthanks?(?: you)?(?: in advance| a lot| so much| very much)?\b/g,
  // "how about enabling zram": a suggestion is a request.
  /\b(?:how|what) about\b/g,
  /\b(?:on|onto|to|in|from|off) (?:this|my|the|our) (?:system|machine|computer|laptop|box|server|pc|workstation|thing)\b/g,
  /\b(?:on|in|onto) (?:here|there)\b/g,
  // "how do i install google chrome on nixos": the system asked about is this one.
  /\b(?:on|in|onto|for|under|with) (?:(?:my|this|the) )?nixos(?: (?:machine|system|install|installation|box|laptop|pc))?(?= *$| *[?.!,])/g,
  /\bsystem-?wide\b/g,
  /\bgo ahead and\b/g,
  /\bmake it so(?: that)?\b/g,
  /\bmake sure(?: that)?\b/g,
  /\b(?:hey|hi|hello|hiya|yo|sorry|excuse me)(?: there)?\b/g,
  /\bgood (?:morning|afternoon|evening|day)\b/g,
  // "Is bluetooth on? if not, turn it on": the condition asks nothing of its own.
  /\bif (?:not|needed|necessary|possible|it is not|it is off|so)\b/g,
  // "we should remove libreoffice": who should do it adds nothing.
  /\b(?:i|we|you) (?:should|must|need to|have to|ought to)\b(?= )/g,
];

// Verb phrases, longest first; each maps to a verb, some negate.
const VERB_PHRASES: Array<[string, Verb]> = [
  ['get rid of', 'remove'],
  ['bring back', 'install'],
  ['turn on', 'enable'],
  ['switch on', 'enable'],
  ['turn off', 'disable'],
  ['switch off', 'disable'],
  ['shut off', 'disable'],
  ['set up', 'enable'],
  ['setup', 'enable'],
  ['switch to', 'set'],
  ['change', 'set'],
  ['set', 'set'],
  ['make', 'set'],
  ['configure', 'set'],
  ['install', 'install'],
  // "would you mind installing tmux", "removing vim would be nice": the -ing forms.
  ['installing', 'install'],
  ['uninstalling', 'remove'],
  ['removing', 'remove'],
  ['deleting', 'remove'],
  ['enabling', 'enable'],
  ['disabling', 'disable'],
  ['opening', 'open'],
  ['closing', 'close'],
  ['adding', 'add'],
  ['creating', 'create'],
  ['setting up', 'enable'],
  ['turning on', 'enable'],
  ['turning off', 'disable'],
  ['reinstall', 'install'],
  ['get', 'install'],
  ['give me', 'install'],
  ['gimme', 'install'],
  ['get me', 'install'],
  ['uninstall', 'remove'],
  ['remove', 'remove'],
  ['delete', 'remove'],
  ['drop', 'remove'],
  ['purge', 'remove'],
  ['erase', 'remove'],
  ['wipe', 'remove'],
  ['enable', 'enable'],
  ['activate', 'enable'],
  ['start', 'enable'],
  ['run', 'enable'],
  ['use', 'enable'],
  ['allow', 'enable'],
  ['permit', 'enable'],
  ['require', 'enable'],
  ['disable', 'disable'],
  ['deactivate', 'disable'],
  ['stop', 'disable'],
  ['block', 'close'],
  ['disallow', 'disable'],
  ['forbid', 'disable'],
  ['prevent', 'disable'],
  ['deny', 'disable'],
  ['open', 'open'],
  ['close', 'close'],
  ['create', 'create'],
  ['new', 'create'],
  ['add', 'add'],
  ['put', 'add'],
  ['include', 'add'],
  ['rm', 'remove'],
  ['deinstall', 'remove'],
  ['de-install', 'remove'],
  ['del', 'remove'],
  // "need htop and btop", "want syncthing running", "i wish to have bluetooth": wanting is asking.
  ['need', 'install'],
  ['want', 'install'],
  ['wanna', 'install'],
  ['wish to have', 'install'],
  ['would like', 'install'],
];
const BY_LENGTH = [...VERB_PHRASES].sort((a, b) => b[0].split(' ').length - a[0].split(' ').length);
const BY_LENGTH_WORDS = BY_LENGTH.map((e) => [e[0].split(' '), e] as const);
const SINGLE_VERBS = VERB_PHRASES.filter(([p]) => !p.includes(' ')).map(([p]) => p);

/** Lower case, plain quotes, contractions spelt out, filler dropped. */
export function normalise(text: string): string {
  let t = ` ${text.toLowerCase().replace(/[’‘`]/g, "'").replace(/[“”]/g, '"')} `;
  t = t
    .replace(/\bdon'?t\b/g, 'do not')
    .replace(/\bdoesn'?t\b/g, 'does not')
    .replace(/\bshouldn'?t\b/g, 'should not')
    .replace(/\bcan'?t\b/g, 'cannot')
    .replace(/\bwon'?t\b/g, 'will not')
    .replace(/\bi'm\b/g, 'i am')
    .replace(/\bi've\b/g, 'i have')
    .replace(/\bit's\b/g, 'it is')
    .replace(/\bisn'?t\b/g, 'is not')
    .replace(/\bits (?=(?:a|an|the|for|so|because|not)\b)/g, 'it is ')
    .replace(/\baren'?t\b/g, 'are not')
    .replace(/\bdont\b/g, 'do not')
    // Chat spellings: "can u", "ur", "thx".
    .replace(/\bu\b/g, 'you')
    .replace(/\bur\b/g, 'your')
    .replace(/\bthx\b/g, 'thanks')
    // chat spellings of "and"
    .replace(/\b(?:nd|an')\b/g, 'and')
    .replace(/(\w) n (\w)/g, '$1 and $2')
    // "set hostname=devbox": an equals sign between words is "to".
    .replace(/(\w)\s*=\s*(?=["'\w/])/g, '$1 = ')
    // "install both chromium and firefox", "all of": each of them.
    .replace(/\b(install|get|add|remove|enable|disable) (?:both|all of|all|each of) /g, '$1 ')
    .replace(/\bboth (?=\S+ and )/g, '');
  t = rephraseLoose(t);
  // "i like to have spotify and discord", "we would love to get", "would love to have": wanting is asking.
  t = t.replace(/^\s*(?:would|'d) (?:really )?(?:love|like) to (?:have|get|install)(?= )/, ' get').replace(/\b(?:i|we)(?: would|'d)?(?: also| really| just)? (?:like|love|want|need|wish) to (?:have|get|install)(?= )/g, ' get')
    // "installing gimp and inkscape would be nice": the wish around the request asks nothing more.
    .replace(/\b(?:it )?(?:would|will|might|could) be (?:nice|great|good|cool|awesome|lovely|helpful|appreciated|ideal)(?: (?:to (?:have|get)|if you could))?\b/g, ' ');
  // "install spotify (unfree is ok)": an aside in parentheses is a clause of its own; "(Berlin)" a word of this one.
  t = verbAfterColon(unquote(t)).replace(/\(([^()]*)\)/g, (_m: string, inner: string) => (inner.trim().includes(' ') ? ` , ${inner} , ` : ` ${inner} `));
  // "why not just install rsync", "why don't you enable ssh": a suggestion is a request.
  t = t.replace(/^\s*why (?:not|do not (?:you|we)|do (?:you|we) not)(?: just)? /, ' ');
  // "no need for vim anymore": not needed is to go.
  t = t.replace(/\b(?:(?:i|we) (?:have|got) )?(?:there is )?no (?:more )?need (?:for|of) /g, ' remove ');
  // "I want that alice can use docker": what is wanted is the clause after "that".
  t = t.replace(/\b(?:i|we) (?:want|would like|wish|need|would love)(?: it)? (?:that|for) (?=\S+ (?:can|could|must|should|will|is able to|be able to|to be able to) )/g, ' ');
  // "I need docker compose", "I'd like a torrent client": wanting a thing is asking to get it.
  t = t.replace(/\b(?:i|we)(?: would|'d)?(?: also| really| just)? (?:like|want|need|wanna)(?! to\b)(?= )/g, ' get');
  // "I'd rather not have nginx running", "I'd rather have fish": a preference is a request.
  t = t.replace(/\b(?:i|we)(?:'d| would) rather (?:not|never) (?:have|use|run|keep)(?= )/g, ' remove').replace(/\b(?:i|we)(?:'d| would) rather (?:have|use)(?= )/g, ' get');
  // "I don't need nginx anymore", "don't need thunderbird": no longer wanted; "I don't use ssh
  // from outside" is about access, not the thing.
  t = t.replace(/\b(?:(?:i|we) )?(?:do not|no longer|never) (?:need|want|use)(?! to\b)(?= )(?!.*\b(?:from (?:the )?outside|remotely|externally|from the internet|over the internet)\b)/g, ' remove');
  // "take bob out of the audio group", "take neovim off this machine": taking away is removing.
  t = t.replace(/\btake (?:off|out|away) (?=\S)/g, 'remove ').replace(/\btake (\S+(?: \S+)?) down\b/g, 'disable $1').replace(/\btake ((?:\S+ ){1,3}?)(?:out of|off of|off|away from) /g, 'remove $1from ').replace(/\btake ((?:\S+ ){1,3}?)(?:out|off|away) $/, 'remove $1');
  for (const f of FILLER) t = t.replace(f, ' ');
  // "swap vim for neovim", "replace xfce with gnome", "switch from xfce to plasma": one out, one in.
  t = t
    .replace(/^\s*(?:swap|exchange) (?!(?:file|space|partition|device|size|\d))(\S+(?: \S+)?) (?:for|with) /, ' remove $1 , install ')
    .replace(/^\s*replace (\S+(?: \S+)?) (?:with|by) /, ' remove $1 , install ')
    // "i want change xfce for kde": one name changed for another (not a setting changed for a purpose).
    .replace(/^\s*(?:get |i want (?:to )?|i would like to )?change (?!(?:the|my|a|password|hostname|timezone|shell|keyboard|layout|language|locale)\b)(\S+) (?:for|by) (\S+(?: \S+)?)\s*$/, ' remove $1 , install $2 ')
    .replace(/^\s*(?:switch|move|migrate|change) from (\S+(?: \S+)?) to /, ' remove $1 , install ')
    .replace(/^\s*(?:install|use|get|add) (\S+(?: \S+)?) instead of (\S+(?: \S+)?)\s*$/, ' install $1 , remove $2 ')
    // "let udp 9987 through": through the firewall.
    .replace(/^\s*let (.+?) through(?: the firewall)?\s*$/, ' open $1 ');
  t = rephraseForms(rephraseRequest(t));
  return t
    // "is flatpak supported? enable it please": a question ends a clause too.
    .replace(/(\w)\s*[?]+\s+(?=\w)/g, '$1 , ')
    .replace(/[!?]+/g, ' ')
    .replace(/:(\s)/g, ' :$1')
    .replace(/\.(\s|$)/g, ' , ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Clauses: split at commas, semicolons, "and", "then", "also", "plus". A clause without a verb of
 * its own continues the one before (the caller decides how: "install firefox and vim").
 */
export function clauses(text: string, keywords: ReadonlySet<string>, protect: (w: string) => boolean): Clause[] {
  const said = corrected(normalise(text));
  if (said.takesBack !== undefined) return [{ text: normalise(text), rest: '', verb: undefined, negated: false, corrections: [], takesBack: said.takesBack }];
  const t = said.text
    // Keep pairs that are one thing together before splitting at "and".
    .replace(/\btcp and udp\b/g, 'tcp+udp')
    .replace(/\budp and tcp\b/g, 'tcp+udp')
    .replace(/\bbetween (\d+) and (\d+)\b/g, '$1-$2')
    .replace(/\bdrag and drop\b/g, 'drag-and-drop')
    // "bob and carol need docker": each of them does.
    .replace(/(^|, )([a-z_][\w-]*)(?: and | & )([a-z_][\w-]*) (?:need|want|should have|must have|need access to) ([^,]+)(?=$|,)/, '$1$2 needs $4 , $3 needs $4')
    // "carol & bob to the media group": each of them is added.
    .replace(/(^|, )(?:(add|put|remove|take) )?([a-z_][\w-]*)(?: and | & |, )([a-z_][\w-]*) (to|into|in|from|out of) ([^,]+ groups?|it|that group|this group)(?=$|,)/, (_m: string, lead: string, v: string | undefined, a: string, b: string, p: string, g: string) => `${lead}${v ?? (p === 'from' || p === 'out of' ? 'remove' : 'add')} ${a} ${p} ${g} , ${v ?? (p === 'from' || p === 'out of' ? 'remove' : 'add')} ${b} ${p} ${g}`)
    // "alice should also be in the docker group": "also" inside a clause splits nothing.
    .replace(/\b(should|must|will|would|can|could|is|are|to|be|needs to|has to) also\b/g, '$1')
    // "vlc, mpv or mplayer": one choice among three, not a list ending in a choice.
    .replace(/((?:[\w.+-]+, )+)(?=[\w.+-]+ or [\w.+-]+)/g, (m: string) => (m.split(', ').some((w) => SINGLE_VERBS.includes(w)) ? m : m.replace(/, /g, ' or ')));
  const parts = t
    .split(/\s*(?:,|;|\bbut\b|\band then\b|\bthen\b|\band also\b|\balso\b|\bplus\b|\bas well as\b|\band\b|&|\s\+\s)\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  // "bluetooth + printing off": a state at the end is said of the bare names before it too.
  // "postgres and nginx off, jellyfin on": each state is said of the bare names right before it.
  for (let j = parts.length - 1; j >= 0; j--) {
    const state = / (on|off)$/.exec(parts[j]!)?.[1];
    if (state) for (let k = j - 1; k >= 0 && /^[\w.-]+$/.test(parts[k]!) && !SINGLE_VERBS.includes(parts[k]!); k--) parts[k] = `${parts[k]} ${state}`;
  }
  // "sound: enable jack and disable pulse": the topic before the colon is that of every request after it.
  const topic = /^([a-z][\w-]*(?: [a-z][\w-]*)?) : (\S+)/.exec(parts[0] ?? '');
  if (topic && SINGLE_VERBS.includes(topic[2]!) && !topic[1]!.split(' ').some((w) => FUNCTION_WORDS.has(w) || /^(?:pkgs?|packages?|apps?|software|install|one|thing|question|request|note|task|todo)$/.test(w))) {
    for (let k = 1; k < parts.length; k++) if (!parts[k]!.includes(':') && SINGLE_VERBS.includes(parts[k]!.split(' ')[0]!)) parts[k] = `${topic[1]} : ${parts[k]}`;
  }
  return parts.map((p, i) => clause(rephrase(p, i > 0), keywords, protect));
}

// Words that take back what was said before them: "install git-crypt, no wait, install jq",
// "install vlc - no wait, mpv", "install git, actually make that mercurial", "install vlc, actually no".
const CORRECTION =
  /^(.*)(?:\b(?:no wait|wait no|scratch that|never ?mind|correction|i mean|i meant|actually no|no actually|actually not|actually do not|or rather|on second thought|forget (?:it|that)|cancel (?:it|that)|ignore (?:it|that))\b|(?:^|\s)(?:[,;-]\s*)?(?:actually\s+|no\s+)?make that\b|\bactually make it\b)[\s,;:-]*(.*)$/;

/**
 * The request after its last correction. What follows a correction without a verb of its own
 * takes the verb of the words it corrects ("install vlc - no wait, mpv" is "install mpv"); a
 * correction with nothing after it takes the request back ("install vlc, actually no").
 */
function corrected(t: string): { text: string; takesBack?: string } {
  const m = CORRECTION.exec(t);
  const before = m?.[1]?.replace(/(?:[\s,;:-]+|\b(?:actually|no|oh|sorry|wait|um|uh)\b)+$/, '').trim();
  if (!m) return { text: t };
  // "nevermind, install nano": a correction first takes back nothing.
  if (!before) return { text: m[2]!.trim() || t };
  const after = m[2]!.replace(/^(?:actually|sorry|oh|ok|okay)\s+/, '').trim();
  if (!after) return { text: '', takesBack: before };
  const last = before.split(/\s*(?:,|;|\bbut\b|\bthen\b|\balso\b|\band\b)\s*/).pop() ?? '';
  if (clause(after, new Set(), () => true).verb) return { text: after };
  // The corrected words' verb, with what negates it ("do not install"), before the new object.
  const words = last.split(' ');
  for (let i = 0; i < words.length; i++) {
    const phrase = BY_LENGTH.find(([p]) => p.split(' ').every((w, k) => words[i + k] === w));
    if (phrase) return { text: `${words.slice(0, i + phrase[0].split(' ').length).join(' ')} ${after}` };
  }
  return { text: after };
}

/**
 * A clause said another way than verb-first: "thunderbird can go", "X is not needed" (remove);
 * "get gimp installed", "get ssh disabled" (the state wanted at the end); after another clause,
 * "I use curl" (why, not what: nothing to change, read as keeping it).
 */
function rephrase(text: string, after: boolean): string {
  return rephrasePassive(text)
    .replace(TRAILING, '')
    .replace(/^(.+?) (?:can|should|must|has to|needs to) (?:go|be removed|be uninstalled|be deleted)(?: away)?$/, 'remove $1')
    .replace(/^(.+?) (?:is|are) (?:not|no longer) (?:needed|used|wanted)$/, 'remove $1')
    .replace(/^get (.+?) (?:running|started|going|enabled|turned on|switched on)(?: as an? (?:service|daemon))?$/, 'enable $1')
    .replace(/^get (.+?) (?:disabled|turned off|switched off)$/, 'disable $1')
    .replace(/^get (.+?) (?:removed|uninstalled|gone|deleted)$/, 'remove $1')
    .replace(/^get (.+?) (?:installed|enabled|turned on|switched on|set up|working)$/, 'get $1')
    .replace(after ? /^(?:i|we) (?:use|am using|are using|already use|already have|prefer) (.+)$/ : /^$^/, 'keep $1')
    .replace(/^.*$/, (x) => rephraseState(x, after));
}

function clause(text: string, keywords: ReadonlySet<string>, protect: (w: string) => boolean): Clause {
  const corrections: string[] = [];
  const words = text.split(' ').map((w, k, all) => {
    // A verb is only where a verb stands, first or after words that ask nothing ("a user for my friend mike" is no "make").
    const verbPlace = all.slice(0, k).every((x) => FUNCTION_WORDS.has(x) || x === 'not');
    const fixed = correct(w, keywords, protect, verbPlace);
    if (fixed !== w) corrections.push(`${w} -> ${fixed}`);
    return fixed;
  });
  let i = 0;
  let negated = false;
  const skip = (...ws: string[]) => {
    if (ws.every((w, k) => words[i + k] === w)) {
      i += ws.length;
      return true;
    }
    return false;
  };
  skip('also');
  // "..., just enable bluetooth": only this.
  skip('just');
  if (skip('do', 'not') || skip('never') || skip('no', 'longer') || skip('no', 'more') || skip('not') || skip('stop', 'using')) negated = true;
  skip('want', 'to');
  skip('to');
  skip('i');
  skip('also');
  // "firewall: allow 25565": a topic before a colon, then the request.
  let topic = '';
  const colon = words.indexOf(':', i);
  if (colon > i && colon <= i + 2 && SINGLE_VERBS.includes(words[colon + 1] ?? '')) {
    // "Quick one: install htop": words before the colon that name nothing are chatter.
    const before = words.slice(i, colon);
    topic = before.every((w) => FUNCTION_WORDS.has(w) || /^(?:one|thing|question|request|note|task|todo)$/.test(w)) ? '' : before.join(' ');
    words.splice(i, colon + 1 - i);
  }
  // "pkg: htop", "packages: jq, fd": a list under the word for packages is to install.
  if (words[i + 1] === ':' && /^(?:pkgs?|packages?|apps?|software|install)$/.test(words[i]!)) words.splice(i, 2, 'install');
  let verb: Verb | undefined;
  const verbAt = (at: number) => BY_LENGTH_WORDS.find(([ws]) => ws.every((w, k) => words[at + k] === w))?.[1];
  // "could you maybe add", "can you turn on", "ok so just install": the verb after words that ask nothing.
  let at = i;
  while (at < words.length && at - i < 6 && !verbAt(at) && FUNCTION_WORDS.has(words[at]!)) at++;
  // Not "new" ("i am new to nixos" tells about the speaker), nor after a "not" the skip would lose.
  // Nor "use", "run" after "i"/"we" ("i use bash" says what the speaker uses).
  const statement = /^(?:i|we)$/.test(words[at - 1] ?? '') && /^(?:use|run|have)$/.test(words[at] ?? '');
  const found = verbAt(at) && (at === i || (words[at] !== 'new' && !statement && !['do', 'not', 'never', 'no'].includes(words[at - 1]!))) ? verbAt(at) : verbAt(i);
  if (found) {
    if (verbAt(at) === found) i = at;
    verb = found[1];
    i += found[0].split(' ').length;
  }
  // "firewall close 22", "vim remove", "docker enable": the thing first, then the verb.
  const AFTER_OBJECT = ['install', 'uninstall', 'remove', 'delete', 'enable', 'disable', 'open', 'close', 'block', 'activate', 'deactivate', 'purge', 'drop'];
  if (!verb && words.length - i >= 2) {
    const k = [i + 1, i + 2].find((j) => j < words.length && AFTER_OBJECT.includes(words[j]!) && words.slice(i, j).every((w) => !FUNCTION_WORDS.has(w) && !/^(?:is|are|was|were|to|not)$|ly$/.test(w)));
    if (k !== undefined) {
      const object = words.slice(i, k);
      const after = words.slice(k + 1);
      verb = BY_LENGTH.find(([p]) => p === words[k])![1];
      words.splice(i, words.length - i, ...(after.length ? [...after, 'in', 'the', ...object] : object));
    }
  }
  if (verb && words[i] === ':') i++;
  // "set things up", "set docker up": the verb's particle after its object.
  if (verb === 'set' && words[words.length - 1] === 'up' && words.length - i >= 2) {
    verb = 'enable';
    words.pop();
  }
  if (!verb && (words[i] === 'no' || words[i] === 'without')) {
    negated = true;
    i++;
  }
  // "ssh off", "turn the sound off", "switch bluetooth on": the verb after its object.
  const last = words[words.length - 1];
  // Not in a question: "is bluetooth on?" asks how things are.
  if (!verb && (last === 'on' || last === 'off') && words.length - i >= 2 && !/^(?:is|are|was|were|why|what|how|does|do)$/.test(words[i] ?? '')) {
    if (words[i] === 'turn' || words[i] === 'switch' || words[i] === 'put') i++;
    verb = last === 'on' ? 'enable' : 'disable';
    words.pop();
  }
  // Words that add nothing to what is asked: "anymore", "too", "as well", "now".
  let rest = words.slice(i).join(' ').replace(TRAILING, '');
  // "dana: add to docker group": a topic before "to/from" is what the verb is done to.
  if (topic) rest = /^(?:to|from|into|in|out of)\b/.test(rest) ? `${topic} ${rest}` : `${rest} in the ${topic}`;
  return { text: text.replace(TRAILING, ''), rest, verb, negated, corrections };
}

const TRAILING = /\s+(?:anymore|any more|too|as well|again|now|right now|either|for now|for good|permanently|instead|installed|enabled|turned on|set up|running|as an? (?:service|daemon)|(?:running )?in the background|at all)$/;

/**
 * A word corrected to the nearest verb or keyword when it is a plausible typo of one (one edit
 * in a word of four or more letters, two from eight) and not a name the index knows as is.
 */
function correct(word: string, keywords: ReadonlySet<string>, protect: (w: string) => boolean, verbPlace = true): string {
  if (word.length < 4 || keywords.has(word) || SINGLE_VERBS.includes(word) || /\d/.test(word) || protect(word)) return word;
  const max = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestD = max + 1;
  for (const k of verbPlace ? [...SINGLE_VERBS, ...keywords] : keywords) {
    if (Math.abs(k.length - word.length) > max || k.length < 4) continue;
    const d = editDistance(word, k, max);
    // "graphical" is not a typo of "graphics", nor "scanning" of "scanner": another ending of the same word.
    if (d > 1 && sharedPrefix(word, k) >= Math.min(word.length, k.length) - 2) continue;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best ?? word;
}

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

/** Drops leading articles and the words that only say "a package/app". */
export function stripArticles(words: string): string {
  return words
    .replace(/^(?:the|a|an|some|my|our)\s+/, '')
    .replace(/^(?:pkgs?|packages?)\s+(?=\S)/, '')
    .replace(/\s+(?:package|packages|app|apps|application|program|tool|suite|software|thing|stuff|feature)$/, '')
    .replace(/^(?:the|a|an|some)\s+/, '')
    .trim();
}
