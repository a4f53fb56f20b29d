// Document links: paths, URLs (also flake references) and `<search paths>`.
// Pure: targets are returned as written. The LSP layer resolves them:
//   - kind 'path': relative paths (`./x`, `../x`) against the document's folder,
//     `~/x` against the home directory, absolute paths as they are; a path to a
//     directory means `dir/default.nix` (Nix's import rule), which only the LSP
//     layer can check on disk.
//   - kind 'search-path': `<nixpkgs/lib>` gives target `nixpkgs/lib`, to be looked
//     up in NIX_PATH (or dropped when it cannot be resolved).
//   - kind 'url': an absolute http(s) (or other scheme) URL, ready to open.
import { SyntaxKind as K, SyntaxToken, walk, PathLit, SearchPath, Uri } from '../syntax/index.js';
import type { Analysis } from '../analysis/index.js';
import type { TextRange } from './types.js';

export interface DocumentLink {
  range: TextRange;
  target: string;
  kind: 'path' | 'url' | 'search-path';
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`{}\\]+/g;

/**
 * The web address for a flake reference or URL, or undefined.
 * `github:NixOS/nixpkgs/nixos-unstable` → `https://github.com/NixOS/nixpkgs/tree/nixos-unstable`.
 */
export function urlForReference(ref: string): string | undefined {
  let m = /^(github|gitlab|sourcehut):([^/?#\s]+)\/([^/?#\s]+)(?:\/([^?#\s]+))?(?:\?.*)?$/.exec(ref);
  if (m) {
    const [, forge, owner, repo, rev] = m as unknown as [string, string, string, string, string | undefined];
    const q = /[?&](?:ref|rev)=([^&]+)/.exec(ref)?.[1];
    const r = rev ?? q;
    if (forge === 'github') return `https://github.com/${owner}/${repo}${r ? `/tree/${r}` : ''}`;
    if (forge === 'gitlab') return `https://gitlab.com/${owner}/${repo}${r ? `/-/tree/${r}` : ''}`;
    return `https://git.sr.ht/${owner.startsWith('~') ? owner : '~' + owner}/${repo}${r ? `/tree/${r}` : ''}`;
  }
  m = /^(?:git\+|tarball\+|file\+)?(https?:\/\/[^\s]+)$/.exec(ref);
  if (m) {
    const url = m[1]!;
    // `git+https://host/x?ref=main` — the query is for Nix, not for the browser.
    return ref.startsWith('git+') ? url.replace(/\?.*$/, '') : url;
  }
  return undefined;
}

export function documentLinks(a: Analysis): DocumentLink[] {
  const out: DocumentLink[] = [];
  walk(a.tree, (n) => {
    switch (n.kind) {
      case K.Path: {
        const p = new PathLit(n);
        const t = p.text;
        if (t !== undefined && t !== '') out.push({ range: { start: n.start, end: n.end }, target: t, kind: 'path' });
        return false;
      }
      case K.SearchPathExpr: {
        const name = new SearchPath(n).name;
        if (name) out.push({ range: { start: n.start, end: n.end }, target: name, kind: 'search-path' });
        return false;
      }
      case K.UriExpr: {
        const t = new Uri(n).text;
        const url = urlForReference(t);
        if (url) out.push({ range: { start: n.start, end: n.end }, target: url, kind: 'url' });
        return false;
      }
      case K.String:
      case K.IndString: {
        const frags = n.children.filter((c): c is SyntaxToken => c instanceof SyntaxToken && c.kind === K.StrFragment);
        // A whole-string flake reference (`"github:NixOS/nixpkgs/nixos-unstable"`).
        if (frags.length === 1 && n.children.length === 3) {
          const f = frags[0]!;
          const url = /^[a-z+]+:/.test(f.text) ? urlForReference(f.text) : undefined;
          if (url) {
            out.push({ range: { start: f.start, end: f.end }, target: url, kind: 'url' });
            return true;
          }
        }
        for (const f of frags) {
          for (const m of f.text.matchAll(URL_IN_TEXT)) {
            const raw = m[0].replace(/[.,;:!?)\]]+$/, '');
            out.push({ range: { start: f.start + m.index!, end: f.start + m.index! + raw.length }, target: raw, kind: 'url' });
          }
        }
        return true;
      }
    }
    return true;
  });
  out.sort((x, y) => x.range.start - y.range.start);
  return out;
}
