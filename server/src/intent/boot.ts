// Boot settings read from the values in the words: kernel parameters ("add quiet splash to the
// kernel params", "kernel param: mitigations=off"), how long the boot menu waits ("make the grub
// menu show for 10 seconds", "the boot takes too long, put 1 second"), GRUB starting the entry
// picked last. Each option is the index's.
import { nixString } from './values.js';
import { has, intent, off, type Context, type Reading } from './reading.js';
import type { Clause } from './words.js';

const PARAMS = /\b(?:kernel|boot|linux) ?(?:command[- ]?line|cmdline|param|params|parameters?|options?|args|arguments|flags?)\b|\bkernelparams\b/;
// Words around the parameters that are none.
const PARAM_FILLER = new Set(['add', 'append', 'put', 'set', 'use', 'enable', 'disable', 'remove', 'delete', 'drop', 'to', 'the', 'my', 'a', 'an', 'and', 'in', 'into', 'on', 'from', 'of', 'with', 'without', 'also', 'param', 'params', 'parameter', 'parameters', 'kernel', 'boot', 'linux', 'option', 'options', 'as', 'for', 'list', 'line', 'get', 'rid', 'no', 'longer', 'not', 'do', 'dont', 'want', 'need', 'please', 'some', 'two', 'these', 'it', 'them']);

/** "add quiet splash to the kernel params", "kernel param: mitigations=off", "remove nomodeset from the kernel command line". */
export function kernelParamsRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, PARAMS) || !ctx.index.option(['boot', 'kernelParams'])) return undefined;
  // ("mitigations = off" is one parameter; its "off" is its value, not the verb.)
  const words = c.text.replace(PARAMS, ' ').replace(/\s*=\s*/g, '=').split(/[\s,:;]+/).filter(Boolean);
  const params = words.filter((w) => !PARAM_FILLER.has(w) && /^[a-z0-9_][\w.-]*(?:=[\w.,:/+-]+)?$/.test(w));
  if (params.length === 0 || params.length > 6) return undefined;
  const remove = has(c, /\b(?:remove|delete|drop|get rid of|without|no longer|take out)\b/) || (c.negated && c.verb !== 'disable');
  const items = params.map((p) => ({ text: nixString(p) }));
  return intent(c, 'boot', `${remove ? 'remove' : 'add'} the kernel parameter${params.length > 1 ? 's' : ''} ${params.join(' ')}`, [{ kind: remove ? 'listRemove' : 'listAdd', path: ['boot', 'kernelParams'], items }], 1, remove ? [] : ['Takes effect at the next boot.']);
}

// What names the boot menu, or the boot with a word about waiting.
const MENU = /\b(?:grub|systemd[- ]boot|boot ?menu|boot ?loader|bootloader|boot screen|boot selection|menu)\b/;
const WAITS = /\bboot\b.*\b(?:wait|waits|waiting|timeout|delay|long|too much time|takes?)\b/;
const SECONDS = /\b(\d{1,3})\s*(?:s|secs?|seconds?|segundos?|sekunden?)\b/;

/**
 * "make the grub menu show for 10 seconds", "the boot waits too long, put 1 second" (the seconds
 * in the clause after the one about the boot): how long the boot menu waits.
 */
export function bootTimeoutRule(c: Clause, ctx: Context): Reading | undefined {
  const secs = SECONDS.exec(c.text)?.[1];
  if (!secs || !ctx.index.option(['boot', 'loader', 'timeout']) || has(c, /\b(?:kernel|service|shutdown|stop|network|dhcp|ssh|sleep|suspend|lock|screen ?saver|login)\b/)) return undefined;
  const here = has(c, MENU) || has(c, WAITS);
  const before = !here && ctx.lastText && (MENU.test(ctx.lastText) || WAITS.test(` ${ctx.lastText} `)) && /^(?:(?:put|set|make|use|change|give)(?: it)?(?: to| at)?\s+)?(?:only\s+|just\s+)?\d{1,3}\s*\S*$/.test(c.text) ? ctx.lastText : undefined;
  if (!here && !before) return undefined;
  const r = intent(c, 'boot', `show the boot menu for ${Number(secs)} second${secs === '1' ? '' : 's'}`, [{ kind: 'set', path: ['boot', 'loader', 'timeout'], value: { text: String(Number(secs)) } }]);
  if (before) r.answers = before;
  return r;
}

/** "make grub remember the last entry I picked", "boot the last used entry by default". */
export function grubSavedRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\b(?:grub|boot menu|boot ?loader|bootloader|boot entry|menu entry)\b/) || !has(c, /\b(?:remember|remembers|saved|last (?:entry|choice|one|selected|selection|picked|chosen|used|booted)|previous (?:entry|choice|one)|what i (?:picked|chose|selected))\b/)) return undefined;
  if (!ctx.index.option(['boot', 'loader', 'grub', 'default'])) return undefined;
  if (off(c)) return intent(c, 'boot', 'start the first GRUB entry by default', [{ kind: 'unset', path: ['boot', 'loader', 'grub', 'default'] }]);
  return intent(c, 'boot', 'start the GRUB entry picked last by default', [{ kind: 'set', path: ['boot', 'loader', 'grub', 'default'], value: { text: '"saved"' } }]);
}
