// Regional settings in everyday words: formats of another language beside the system's own
// ("keep english but use german date and currency formats": i18n.extraLocaleSettings), a keyboard
// layout's variant ("keyboard: us with the intl variant"), a place's time said alone ("berlin
// time"). The values are the locale, layout and zone readers' of values.ts.
import type { Change } from './model.js';
import { bool, str } from './families.js';
import { keyboardLayout, locale, nixString, timeZone } from './values.js';
import { has, intent, off, type Context, type Reading } from './reading.js';
import type { Clause } from './words.js';

// The locale categories, by the words people use for what they format.
const CATEGORIES: Array<[RegExp, string[]]> = [
  [/\b(?:dates?|date formats?|time formats?|clock formats?|calendar)\b/, ['LC_TIME']],
  [/\b(?:currency|currencies|money|monetary|prices?)\b/, ['LC_MONETARY']],
  [/\b(?:numbers?|numeric|decimals?|number formats?|thousands separators?)\b/, ['LC_NUMERIC']],
  [/\b(?:paper|paper size|page size)\b/, ['LC_PAPER']],
  [/\b(?:measurements?|units?|metric|imperial)\b/, ['LC_MEASUREMENT']],
  [/\b(?:addresses|address format)\b/, ['LC_ADDRESS']],
  [/\b(?:phone numbers?|telephone numbers?|telephone)\b/, ['LC_TELEPHONE']],
  [/\b(?:sorting|sort order|collation)\b/, ['LC_COLLATE']],
];
// "german formats", "regional formats": every category the NixOS installer sets beside the language.
const ALL = ['LC_ADDRESS', 'LC_IDENTIFICATION', 'LC_MEASUREMENT', 'LC_MONETARY', 'LC_NAME', 'LC_NUMERIC', 'LC_PAPER', 'LC_TELEPHONE', 'LC_TIME'];

function categories(text: string): string[] {
  const named = CATEGORIES.filter(([re]) => re.test(text)).flatMap(([, c]) => c);
  if (named.length) return named;
  return /\b(?:formats?|regional settings|region settings|regional formats?)\b/.test(text) ? ALL : [];
}

/** The locale a language or locale word of the text names ("german", "de_DE"), the first found. */
function localeIn(text: string): string | undefined {
  const words = text.split(/\s+/);
  for (let k = 0; k < words.length; k++) {
    const l = (k + 1 < words.length && locale(`${words[k]} ${words[k + 1]}`)) || locale(words[k]!);
    if (l) return l;
  }
  return undefined;
}

function formatsReading(c: Clause, ctx: Context, lang: string, cats: string[]): Reading {
  const changes: Change[] = cats.map((cat) => ({ kind: 'set', path: ['i18n', 'extraLocaleSettings', cat], value: { text: nixString(lang) } }));
  const r = intent(c, 'locale', `format ${cats.join(', ')} as ${lang}`, changes, 1, ['The system language stays as it is (i18n.defaultLocale); only these formats change.']);
  ctx.frame = (next) => {
    const more = categories(next.text);
    return more.length && !has(next, /\b(?:keyboard|layout)\b/) ? formatsReading(next, ctx, localeIn(next.text) ?? lang, more) : undefined;
  };
  return r;
}

/** "use german date and currency formats", "metric units from germany": single formats from another locale. */
export function localeFormatsRule(c: Clause, ctx: Context): Reading | undefined {
  if (off(c) || has(c, /\b(?:keyboard|layout|keymap|time ?zone|language|locale)\b/) || !ctx.index.option(['i18n', 'extraLocaleSettings'])) return undefined;
  const cats = categories(c.text);
  const lang = cats.length ? localeIn(c.text) : undefined;
  if (!lang) return undefined;
  return formatsReading(c, ctx, lang, cats);
}

/** "keyboard: us with the intl variant", "use the dvorak variant of the us layout". */
export function keyboardVariantRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\bvariant\b/) || !has(c, /\b(?:keyboard|layout|keymap|xkb)\b/)) return undefined;
  const m = /\b([a-z][a-z0-9_]*)\s+variant\b/.exec(c.text.replace(/\bthe\s+variant\b/, 'variant')) ?? /\bvariant\s+(?:is\s+|to\s+|=\s*|:\s*)?([a-z][a-z0-9_]*)\b/.exec(c.text);
  const variant = m?.[1];
  if (!variant || /^(?:the|a|an|keyboard|layout|that|this|same|default|no)$/.test(variant)) return undefined;
  const layout = c.text.replace(/\bvariant\b.*$/, ' ').split(/[\s:,]+/).map((w) => keyboardLayout(w)).find((l) => l && !l.variant)?.layout;
  const changes: Change[] = [];
  if (layout && ctx.present.value('services.xserver.xkb.layout') !== JSON.stringify(layout)) changes.push(str('services.xserver.xkb.layout', layout));
  changes.push(str('services.xserver.xkb.variant', variant), bool('console.useXkbConfig', true));
  return intent(c, 'keyboard', `use the ${variant} variant of the ${layout ?? 'current'} keyboard layout, on the console too`, changes);
}

/** "german keyboard, berlin time, german language": a place's time, said alone, is its time zone. */
export function placeTimeRule(c: Clause): Reading | undefined {
  if (c.verb && c.verb !== 'set' && c.verb !== 'enable') return undefined;
  const m = /^(?:(?:set|use)\s+)?(?:the\s+)?([a-z][a-z _/-]*?)\s+time$/.exec(c.text);
  const zone = m ? timeZone(m[1]!) : undefined;
  if (!zone) return undefined;
  return intent(c, 'time', `set the time zone to ${zone}`, [str('time.timeZone', zone)]);
}
