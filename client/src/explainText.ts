// What "NixOS: Explain" shows, as text (no VS Code here, so it is tested in plain Node): a short
// explanation fits a notification; anything longer is written as a Markdown page, shown beside
// the code, because a notification cuts a long line off and a dialog blocks the editor while
// the person reads.
import type { ExplainResult, ResponseStyle } from '../../server/src/protocol/intent';

/**
 * The longest text a notification shows whole: VS Code's toast shows one line of about 60
 * characters and cuts the rest with an ellipsis (seen in code-server, 1400 px wide); 50 leaves
 * room for wider letters.
 */
export const TOAST_MAX = 50;

export type ExplainDisplay = { kind: 'toast'; text: string } | { kind: 'page'; markdown: string };

/** How an Explain result is shown: in a notification when it is one short item, else a page. */
export function explainDisplay(result: ExplainResult | undefined, fileName: string, style: ResponseStyle): ExplainDisplay {
  const items = result?.items ?? [];
  if (items.length === 0) return { kind: 'toast', text: 'Nothing is set on these lines.' };
  const line = (i: ExplainResult['items'][number]) => (style === 'concise' ? i.text : `Line ${i.line + 1}, ${i.option}: ${i.text}`);
  if (items.length === 1 && line(items[0]!).length <= TOAST_MAX && !items[0]!.text.includes('\n')) return { kind: 'toast', text: line(items[0]!) };
  const first = items[0]!.line + 1;
  const last = items[items.length - 1]!.line + 1;
  const out = [`# ${fileName}, ${first === last ? `line ${first}` : `lines ${first}-${last}`}`, ''];
  for (const i of items) {
    // The texts are the server's, in the style asked; option descriptions are Markdown already.
    out.push(`## Line ${i.line + 1}: \`${i.option}\``, '', i.text.includes('\n') ? fence(i.text) : i.text, '');
  }
  out.push(`*Style: ${style}. Change it with the setting* \`nixHumanity.intent.style\`.`, '');
  return { kind: 'page', markdown: out.join('\n') };
}

/** Text holding Nix source over lines (the expert style's value): kept whole as it was written. */
function fence(text: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}\n${text}\n${ticks}`;
}
