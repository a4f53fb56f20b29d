// Requests that find places: definition, references, highlights, links,
// the outline and workspace symbols.
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Location } from 'vscode-languageserver';
import type { Analysis } from '../../analysis/index.js';
import { LineIndex } from '../../syntax/index.js';
import { declarationSite, definition, documentHighlights, optionDeclarationAt, references } from '../../ide/navigation.js';
import { documentLinks, urlForReference } from '../../ide/links.js';
import { documentSymbols, workspaceSymbols } from '../../ide/symbols.js';
import { resolvePathTarget } from '../paths.js';
import { runSafe, withDocument } from '../runSafe.js';
import type { ServerState } from '../serverState.js';
import { toDocumentSymbol, toHighlight, toRange, toSymbolInformation } from '../toProto.js';

/**
 * The declarations of the option at the cursor, in files that exist: a workspace module or a
 * store path as given, a nixpkgs-relative one under the nixpkgs folder when that is known.
 */
function optionDeclarations(server: ServerState, a: Analysis, offset: number): Location[] {
  const found = optionDeclarationAt(a, offset, server.nixos);
  if (!found) return [];
  const out: Location[] = [];
  for (const f of found.files) {
    const file = path.isAbsolute(f) ? f : server.nixpkgsPath ? path.join(server.nixpkgsPath, f) : undefined;
    if (!file || !existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const site = declarationSite(text, found.option);
    const lines = new LineIndex(text);
    const range = site ? toRange(lines, site) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    out.push({ uri: pathToFileURL(file).href, range });
  }
  return out;
}

export function registerNavigation(server: ServerState): void {
  const { connection } = server;

  connection.onDefinition(
    withDocument(server, 'definition', 'names', null, (d, p) => {
      const out: Location[] = [];
      for (const target of definition(d.a, d.offset(p.position))) {
        // a path literal goes to the start of the file it opens, when that exists
        const file = 'path' in target ? resolvePathTarget(d.uri, target.path) : undefined;
        if ('range' in target) out.push({ uri: d.uri, range: toRange(d.lines, target.range) });
        else if (file) out.push({ uri: file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
      }
      if (out.length === 0) out.push(...optionDeclarations(server, d.a, d.offset(p.position)));
      return out;
    }),
  );

  connection.onReferences(
    withDocument(server, 'references', 'names', null, (d, p) =>
      references(d.a, d.offset(p.position), p.context.includeDeclaration).map((r) => ({ uri: d.uri, range: toRange(d.lines, r) })),
    ),
  );

  connection.onDocumentHighlight(
    withDocument(server, 'documentHighlight', 'names', null, (d, p) => documentHighlights(d.a, d.offset(p.position)).map((h) => toHighlight(d.lines, h))),
  );

  connection.onDocumentLinks(
    withDocument(server, 'documentLink', 'tree', null, (d) => {
      const out = [];
      for (const link of documentLinks(d.a)) {
        const target = link.kind === 'url' ? (urlForReference(link.target) ?? link.target) : link.kind === 'path' ? resolvePathTarget(d.uri, link.target) : resolveSearchPath(link.target);
        if (target) out.push({ range: toRange(d.lines, link.range), target });
      }
      return out;
    }),
  );

  connection.onDocumentSymbol(withDocument(server, 'documentSymbol', 'tree', null, (d) => documentSymbols(d.a).map((s) => toDocumentSymbol(d.lines, s))));

  connection.onWorkspaceSymbol((params, token) =>
    runSafe(server, 'workspaceSymbol', token, null, async () => {
      const files = await server.workspace.files(openAnalyses(server), token);
      const byUri = new Map(files.map((f) => [f.uri, f.analysis]));
      const lineCache = new Map<string, LineIndex>();
      return workspaceSymbols(files, params.query).map((w) => {
        let lines = lineCache.get(w.uri);
        if (!lines) lineCache.set(w.uri, (lines = new LineIndex(byUri.get(w.uri)!.text)));
        return toSymbolInformation(lines, w);
      });
    }),
  );
}

/** The analyses of the open documents: they win over what is on disk (the user may not have saved yet). */
function openAnalyses(server: ServerState): Map<string, Analysis> {
  const open = new Map<string, Analysis>();
  for (const doc of server.documents.all()) {
    const a = server.host.get(doc).analysis;
    if (a) open.set(doc.uri, a);
  }
  return open;
}

/** `<nixpkgs/lib>` → the file it names through NIX_PATH, when that resolves on this machine. */
function resolveSearchPath(target: string): string | undefined {
  const nixPath = process.env.NIX_PATH ?? '';
  const [head, ...rest] = target.split('/');
  for (const entry of nixPath.split(':')) {
    if (!entry) continue;
    // `name=dir` entries serve `<name/...>`; bare `dir` entries serve any `<x/...>` found inside them.
    const eq = entry.indexOf('=');
    const candidate = eq < 0 ? path.join(entry, target) : entry.slice(0, eq) === head ? path.join(entry.slice(eq + 1), ...rest) : undefined;
    const uri = candidate && resolvePathTarget('file:///', candidate);
    if (uri) return uri;
  }
  return undefined;
}
