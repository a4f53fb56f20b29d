// Ways of saying a request that are not "verb, then object": a request put as a preference
// ("I'd prefer KDE over xfce", "podman instead of docker"), as an arrow ("vim -> neovim"), as a
// state ("docker: yes", "neovim out, helix in", "nginx not needed any more"), and the words
// people put before the verb that ask nothing ("maybe", "can u", "hi there"). Each rewrites the
// words into the verb-first form words.ts reads; they read English, never Nix.
import { timeZone } from './values.js';

/**
 * Words that may stand before a request's verb without naming anything: "could you maybe add",
 * "can u turn on", "ok so just install", "i would really like to get". A clause whose verb
 * comes after only these is read from the verb.
 */
export const FUNCTION_WORDS = new Set([
  'maybe', 'perhaps', 'possibly', 'probably', 'quickly', 'quick', 'just', 'simply', 'really', 'also', 'kindly', 'now',
  'ok', 'okay', 'so', 'well', 'um', 'uhm', 'uh', 'hmm', 'hey', 'hi', 'hello', 'there', 'yeah', 'yes', 'alright', 'right',
  'first', 'next', 'finally', 'then', 'could', 'can', 'would', 'will', 'should', 'must', 'may', 'might', 'you', 'u', 'ya',
  'i', 'we', 'me', 'us', 'please', 'pls', 'plz', 'go', 'ahead', 'and', 'to', 'be', 'able', 'try', 'help', 'dear', 'lets',
  'basically', 'btw', 'oh', 'pretty', 'lol', 'guys', 'folks', 'like', 'love', 'wish', 'want', 'wanna', 'need', 'gotta',
  'definitely', 'actually', 'still', 'somehow', 'already', 'again', 'am', 'is', 'it', 'possible', 'mind', 'do', 'how',
]);

// Everyday words that name nothing to search for.
export const PLAIN_WORDS = new Set(['what', 'does', 'this', 'that', 'thing', 'things', 'with', 'from', 'have', 'make', 'some', 'about', 'there', 'here', 'when', 'where', 'which', 'your', 'their', 'them', 'they', 'will', 'would', 'could', 'should', 'into', 'onto', 'over', 'under', 'than', 'then', 'tell', 'show', 'give', 'like', 'more', 'much', 'very',
  'up', 'down', 'the', 'and', 'for', 'not', 'all', 'any', 'get', 'set', 'use', 'run', 'out', 'off', 'one', 'two', 'her', 'his', 'its', 'our', 'are', 'was', 'has', 'had', 'but', 'own', 'way', 'too', 'why', 'who', 'did', 'does', 'done']);

// What the person would rather have, and what it replaces: "prefer X over Y", "X instead of Y".
const INSTEAD =
  /^\s*(?:(?:i|we)(?: would|'d)? )?(?:really |also |rather )?(?:prefer|like|want|need|use|get|install|add|run|have|enable)? ?((?:\S+ ){0,2}?\S+) (?:instead of|instead|rather than|in place of) ((?:\S+ ){0,2}?\S+)\s*$/;
const PREFER = /^\s*(?:(?:i|we)(?: would|'d)? )?(?:really |also )?prefer ((?:\S+ ){0,2}?\S+) (?:over|to) ((?:\S+ ){0,2}?\S+)\s*$/;

/** Whole-request rewrites, after filler is gone: one thing out and one in, said another way. */
export function rephraseRequest(t: string): string {
  const out = (keep: string, drop: string) => ` remove ${drop} , install ${keep} `;
  let m = PREFER.exec(t);
  if (m) return out(m[1]!, m[2]!);
  m = INSTEAD.exec(t);
  if (m && !/^(?:swap|the swap)$/.test(m[1]!)) return out(m[1]!.replace(/^(?:the|a|an) /, ''), m[2]!.replace(/^(?:the|a|an) /, ''));
  // "dana's shell -> bash", "timezone -> europe/paris": a setting becomes a value.
  t = t.replace(/(^|,)\s*([\w' -]*?(?:'s \w+|\b(?:shell|time ?zone|host ?name|locale|language|layout|keyboard|timeout))) ?(?:->|=>|→|-->) ?(\S+)\s*(?=,|$)/g, '$1 set $2 to $3 ');
  // "admin -> docker group": someone into a group.
  t = t.replace(/(^|,)\s*(\w[\w-]*) ?(?:->|=>|→|-->) ?((?:the )?\w[\w-]* groups?)\s*(?=,|$)/g, '$1 add $2 to $3 ');
  // "vim -> neovim", "xfce => gnome": the arrow says what becomes what.
  return t.replace(/(^|,)\s*(\w[\w.+-]*(?: \w[\w.+-]*)?) ?(?:->|=>|→|-->|>) ?(\w[\w.+-]*(?: \w[\w.+-]*)?)\s*(?=,|$)/g, '$1 remove $2 , install $3 ');
}

const PASSIVE: Record<string, string> = {
  installed: 'install', added: 'install', enabled: 'enable', activated: 'enable', on: 'enable', 'turned on': 'enable', started: 'enable', running: 'enable',
  open: 'open', opened: 'open', removed: 'remove', uninstalled: 'remove', deleted: 'remove', gone: 'remove',
  disabled: 'disable', deactivated: 'disable', off: 'disable', 'turned off': 'disable', stopped: 'disable', closed: 'close', blocked: 'close',
};

const NOMINAL: Record<string, string> = {
  installation: 'install', install: 'install', addition: 'add', removal: 'remove', deletion: 'remove', uninstallation: 'remove',
  activation: 'enable', enabling: 'enable', deactivation: 'disable', disabling: 'disable', opening: 'open', closing: 'close',
};

/**
 * "installation of gimp please", "the removal of thunderbird", "+htop -vim": the request said as
 * a noun, or as a list of additions and removals.
 */
export function rephraseForms(t: string): string {
  return t
    .replace(/\b(?:an? |the )?(installation|install|addition|removal|deletion|uninstallation|activation|enabling|deactivation|disabling|opening|closing) of\b/g, (_m: string, n: string) => NOMINAL[n]!)
    // The sign right before the name: "a + b" and "vlc - no wait" are no such list.
    .replace(/(^|\s)\+([a-z][\w.-]*)(?=\s|$)/g, '$1 , install $2 , ')
    .replace(/(^|\s)-([a-z][\w.-]*)(?=\s|$)/g, '$1 , remove $2 , ')
    .replace(/^[\s,]+/, ' ');
}

const SENTENCE_VERBS: Record<string, string> = { remove: 'remove', delete: 'remove', uninstall: 'remove', install: 'install', add: 'install', keep: 'keep', enable: 'enable', disable: 'disable', yes: 'enable', on: 'enable', no: 'disable', off: 'disable' };

/**
 * "Firefox, Thunderbird: remove. LibreOffice: keep.": what is named, then after a colon what to
 * do with it, per sentence; read verb first ("remove firefox, thunderbird").
 */
export function verbAfterColon(t: string): string {
  return t.replace(/(^|[.;!?]\s)([^.;!?:]+?)\s*:\s*(\w+)\s*(?=[.;!?]|\s*$)/g, (m: string, lead: string, what: string, verb: string) => (SENTENCE_VERBS[verb] ? `${lead} ${SENTENCE_VERBS[verb]} ${what} ` : m));
}

/** Quotes around a name ("new user 'frank'", `host name "studio"`) say it is a name; the marks go. */
export function unquote(t: string): string {
  return t.replace(/(^|[\s(:=])['"]([^'"\s][^'"]*?)['"](?=[\s,.!?;:)]|$)/g, '$1$2');
}

/**
 * One clause said as a state: "docker: yes" (on), "bluetooth: no" (off), "nginx not needed any
 * more", "thunderbird is not used by anyone" (gone), "neovim out" and, after it, "helix in".
 */
/** "firefox should be installed", "port 22 should be closed", "the nginx service must be disabled". */
export function rephrasePassive(text: string): string {
  return text.replace(/^(.+?) (?:should|must|needs to|has to|shall|will|is to|ought to) be (installed|added|enabled|activated|on|turned on|started|running|open|opened|removed|uninstalled|deleted|gone|disabled|deactivated|off|turned off|stopped|closed|blocked)$/, (_m: string, what: string, state: string) => `${PASSIVE[state]} ${what}`);
}

export function rephraseState(text: string, after: boolean): string {
  return text
    .replace(/^(.+?) : (?:yes|on|true|enabled?|please|wanted|needed)$/, 'enable $1')
    .replace(/^(.+?) : (?:no|off|false|disabled?|none|never|not needed)$/, 'disable $1')
    .replace(/^(.+?) (?:is |are )?(?:not|no longer|never) (?:needed|used|wanted|required|necessary)(?: by (?:anyone|anybody|me|us|them|anyone here))?$/, 'remove $1')
    .replace(/^(.+?) (?:is|are) (?:obsolete|unused|useless|unnecessary|redundant|superfluous|outdated|not useful)$/, 'remove $1')
    .replace(/^(.+?) (?:goes|must go|has to go|leaves|bye|goodbye|begone)$/, 'remove $1')
    .replace(/^(?:bye|goodbye|so long) (.+)$/, 'remove $1')
    // "unfree is ok", "flatpak is fine by me": consent is asking for it.
    .replace(/^(.+?) (?:is|are) (?:ok|okay|fine|allowed|acceptable)(?: (?:by|with|for) me)?$/, 'enable $1')
    .replace(/^(.+?) (?:stays|remains|can stay|stay|is enough|is fine|will do)$/, 'keep $1')
    .replace(/^(?:put|take|throw|pack) (.+?) away$/, 'remove $1')
    .replace(/^(?:make|let|have) (.+?) (?:go away|go|disappear|vanish|be gone)$/, 'remove $1')
    .replace(/^(?!(?:log|sign|check|time|opt|zoom|logged|signed|remove)\b)(.+?) (?:out|gone|away)$/, 'remove $1')
    .replace(after ? /^(?!(?:log|sign|plug|logged|signed|plugged|built|check)\b)(.+?) in$/ : /^$^/, 'install $1');
}

// ------------------------------------------------------------------ loose phrasings

// Verbs a request starts with, for "i want install X" (the "to" left out).
const REQUEST_VERB = /(?:install|uninstall|remove|delete|enable|disable|activate|add|put|open|close|change|set|use|create|get|have|turn|switch|make)\b/.source;
// What people do with a computer, said as why they ask ("want to play some games").
export const ACTIVITY = /(?:play|watch|edit|code|program|write|listen|stream|browse|draw|paint|record|chat|study|learn|game|work|develop|compose|design|read)/.source;
// A country said after its language ("portuguese of brazil") as the adjective said before it.
const COUNTRY_ADJECTIVE: Record<string, string> = { brazil: 'brazilian', britain: 'british', england: 'british', uk: 'british', 'the uk': 'british', us: 'us', usa: 'us', 'the us': 'us', america: 'us', 'the usa': 'us' };
// Settings "put" sets: "put the language in portuguese", "put the timezone to berlin".
const SETTING = /(?:language|locale|system language|time ?zone|keyboard(?: layout)?|layout|host ?name|shell|login shell)/.source;
// A question that asks whether to do something ("would it be a good idea to enable fstrim?").
const ADVICE = /(?:would it be|is it|is that|would that be) (?:a good idea|wise|smart|useful|worth it|recommended|better|ok|okay)(?: to)?|should (?:i|we)(?: also)?|is it worth(?: it to)?|does it make sense to|do you (?:recommend|suggest|think (?:i|we) should)|would you recommend/.source;

/**
 * Whole-request phrasings of people writing English as a second language or in a hurry, made
 * verb-first before filler goes: list markers ("1. install git" on its own line), "por favor",
 * "how i can", "is possible to", "i want install" (no "to"), "the hour zone", "the name of the
 * pc", "put the language in X" (put for set), "portuguese of brazil", "can carol use docker"
 * (the question's order), "X instead" alone (switch to X), "would it be a good idea to X? if so
 * do it" (X), "..., how do i do that?" (the request before is the request), "a program for
 * editing photos, gimp maybe?" (the name suggested is what is asked).
 */
export function rephraseLoose(t: string): string {
  return (
    t
      // "set up my laptop: gnome desktop, firefox, vs code": each thing listed is asked on its own.
      .replace(/^\s*(?:please )?(?:set up|setup|configure|prepare|install|get) (?:my|the|this|our|a) (?:new )?(?:laptop|machine|pc|computer|desktop|server|system|box|workstation)(?: with| for me)?\s*:\s*([^:]+)$/, (_m: string, list: string) =>
        list.split(/\s*(?:,|;|\band\b|\n)\s*/).filter((x) => x.trim()).map((x) => (new RegExp(`^(?:${REQUEST_VERB})`).test(x.trim()) ? ` ${x.trim()} ` : ` get ${x.trim()} `)).join(','))
      // "the gnome desktop without gdm, with sddm instead": one part of it off, another on in its place.
      .replace(/ without ([\w.+-]+),? (?:but |and )?with ([\w.+-]+)(?: instead)?\b/g, ' , disable $1 , enable $2 ')
      // "open 25565 (tcp and udp)": both protocols, said of the ports in the same clause.
      .replace(/\(\s*(?:tcp|udp)\s*(?:and|&|\/|\+|,|or)\s*(?:tcp|udp)\s*\)|\(\s*both\s*\)/g, ' tcp+udp ')
      // "udp 500 and 4500 for ipsec": a protocol and port numbers alone ask to open them.
      .replace(/(^\s*|[,.;!?]\s*)(?=(?:tcp|udp|tcp\+udp)\s+(?:ports?\s+)?\d{1,5}\b|ports?\s+\d{1,5}(?:\s*(?:,|and|&|-|to)\s*\d{1,5})*(?:\s*\/?\s*(?:tcp|udp))?\s*(?:for\b.*)?\s*(?:please|pls)?\s*$)/g, '$1open ')
      // "i want that the system clean itself", "the server update alone": the wish's clause, done by itself.
      .replace(/\b(?:i|we) (?:want|would like|wish|need|would love|prefer)(?: it)? that (?=(?:the|my|our|this|it|all|every)\b)/g, ' ')
      .replace(/\b(updates?|upgrades?) (?:alone|by (?:it|him|her)self|automatically by itself)\b/g, '$1 itself')
      .replace(/\bclean(?:s)? (?:itself|alone|by itself)(?: the| its| all)? old (?:things|stuff|files|generations|versions|builds)\b/g, 'clean up old generations')
      // "german keyboard, berlin time": a place's time alone, when the place has a zone.
      .replace(/(^\s*|[,;]\s*)([a-z_/]+(?: [a-z_]+)?) time\s*(?=[,;]|\s*$)/g, (m: string, lead: string, place: string) => (timeZone(place) ? `${lead}use ${place} time` : m))
      // "the boot wait too much time, put 1 second": what waits too long, then how long it should.
      .replace(/\b(?:the )?(?:boot|grub|boot menu|boot loader|bootloader)(?: menu)? (?:waits?|takes?|is|lasts?) too (?:much|long|slow)(?: time)?\s*[,.;]?\s*(?:please )?(?:put|make it|set it to|set|use|only|just) (\d+) ?(?:s|secs?|seconds?)\b/g, ' set the boot timeout to $1 seconds ')
      // A numbered or bulleted line is a clause of its own.
      .replace(/(^|\n)[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+/g, '$1 , ')
      // "New to NixOS.": who is asking, said without "i am" (else "new" reads as "create").
      .replace(/(^\s*|[,.!?;]\s*)(?:(?:very|quite|totally|completely|pretty) )?new (?=(?:to|in|with|at|on) )/g, '$1i am new ')
      .replace(/\b(?:for|por) favou?r\b|\bper favore\b/g, ' please ')
      .replace(/\bhow (i|we) (can|could|do|should|would)\b/g, 'how $2 $1')
      .replace(/(^|[\s,.!?])(?:it )?is possible (to|that)\b/g, '$1is it possible $2')
      .replace(new RegExp(`\\b(want|wanna|need|would like|wish) (?=${REQUEST_VERB})`, 'g'), '$1 to ')
      // "i want play games": what the person wants to do, not a thing to get (an aside, understand.ts).
      .replace(new RegExp(`\\b(i|we) (?:want|wanna|would like|like|need|love)(?: to)? (?=${ACTIVITY}\\b)`, 'g'), '$1 want to ')
      .replace(/\b(?:hour|hours|time)[- ]?zone\b|\bzone of (?:the )?(?:hour|time)\b/g, 'time zone')
      .replace(/\b(?:the )?name of (?:the |my |this |our )?(?:pc|computer|machine|laptop|host|server|box)\b|\b(?:the |my |this |our )?(?:pc|laptop|server|box)(?:'s)? name\b/g, 'the hostname')
      .replace(new RegExp(`(^|[\\s,.!?])put (?:the |my )?(${SETTING}) (?:in|to|on|as|for|at) `, 'g'), '$1set the $2 to ')
      .replace(/\b(english|portuguese|spanish|french|german) (?:of|from|in|for) (the uk|the usa|the us|brazil|britain|england|uk|usa|us|america)\b/g, (_m: string, lang: string, country: string) => `${COUNTRY_ADJECTIVE[country]} ${lang}`)
      // "can carol use docker too?": the question's order is the request's.
      .replace(/(^\s*|[,.!?;]\s*|\n\s*)(?:can|could|may) (?!(?:you|ya|i|we|it|this|that|there|the|a|an|someone|anyone|one|he|she|they|not)\b)([a-z_][\w-]*) (use|run|access|join|have access to)\b/g, '$1$2 can $3')
      // "alice uses it", "and alice use it": someone using what was named before is let use it.
      .replace(/(^\s*|[,.!?;]\s*|\band )(?!(?:i|we|you|they|he|she|it|this|that|nobody|noone|everyone|everybody|people|who)\b)([a-z_][\w-]*) (?:uses?|will use|needs to use|wants to use|must use) (it|them)\s*(?=$|[,.!?;])/g, '$1$2 can use $3')
      // Only as the whole request: after a correction ("vlc, no wait, mpv instead") it is the correction's.
      .replace(/^\s*(\S+(?: \S+)?) instead\s*[.!]*\s*$/, (m: string, what: string) => (/^(?:it|that|this|one|the other)$/.test(what) || /\bof\b/.test(what) ? m : ` switch to ${what} `))
      .replace(new RegExp(`\\b(?:${ADVICE})\\s+(.+?)\\s*\\?+\\s*(?:if (?:so|yes|it is|you think so)|yes|then)?[\\s,]*(?:please )?(?:then )?(?:do it|do that|go ahead|please do)\\b`, 'g'), ' $1 ')
      .replace(/[,.;!?\s]+(?:and )?(?:how (?:do|can|should|would) (?:i|we) )?(?:do|make) (?:it|that|this)(?: happen)?\s*[?.!]*\s*$/, ' ')
      .replace(/\b(?:a|an|some) (?:program|app|application|tool|software|something)\b[^,?!.]*[,?!.]\s*(?:like |maybe )?([\w.+-]+) (?:maybe|perhaps|probably|i think|i guess)\s*[?.!]*\s*$/, ' $1 ')
  );
}
