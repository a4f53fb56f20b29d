// Requests that show something about the text: hover, inlay hints, semantic
// tokens, folding and selection ranges.
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensDelta } from 'vscode-languageserver';
import { hover } from '../../ide/hover.js';
import { outlineOf } from '../../ide/nixosContext.js';
import { inlayHints } from '../../ide/inlayHints.js';
import { semanticTokens } from '../../ide/semanticTokens.js';
import { foldingRanges } from '../../ide/folding.js';
import { selectionRanges } from '../../ide/selectionRanges.js';
import { withDocument, type RequestDocument } from '../runSafe.js';
import type { ServerState } from '../serverState.js';

// (the plain-language modules are required on the first hover that explains a line: not at start)
const intent = () => require('../../intent/index') as typeof import('../../intent/index.js');
import { pushSemanticTokens, toFoldingRanges, toHover, toInlayHint, toSelectionRange, toTextRange } from '../toProto.js';

export function registerDisplay(server: ServerState): void {
  const { connection } = server;

  connection.onHover(
    withDocument(server, 'hover', 'names', null, (d, p) => {
      const h = hover(d.a, d.offset(p.position), server.knowledge, server.nixos);
      // Plain words first, in the same hover: a second (client) provider's part came below the technical one.
      const line = p.position.line;
      // (the outline kept per version: made afresh, it parsed and walked the whole file at every hover, 70 ms on 10 000 lines)
      const said = intent().explainText(d.text, server.nixos, server.settings.intentStyle, line, outlineOf(d.a)).filter((e) => e.known);
      const plain = said.find((e) => e.line === line) ?? said.at(-1);
      if (!plain) return h ? toHover(d.lines, h) : null;
      const words = `**In plain words:** ${plain.text}`;
      return toHover(d.lines, h ? { range: h.range, markdown: `${words}\n\n---\n\n${h.markdown}` } : { range: { start: plain.start, end: plain.end }, markdown: words });
    }),
  );

  connection.languages.inlayHint.on(
    withDocument(server, 'inlayHint', 'names', null, (d, p) => inlayHints(d.a, toTextRange(d.lines, p.range)).map((h) => toInlayHint(d.lines, h))),
  );

  connection.onFoldingRanges(withDocument(server, 'foldingRange', 'tree', null, (d) => toFoldingRanges(d.text, d.lines, foldingRanges(d.a))));

  connection.onSelectionRanges(
    withDocument(server, 'selectionRange', 'tree', null, (d, p) =>
      selectionRanges(d.a, p.positions.map(d.offset)).map((chain) => toSelectionRange(d.lines, chain, p.positions[0]!)),
    ),
  );

  // One builder per document keeps the previous result, so a delta request sends only what changed.
  const builders = new Map<string, SemanticTokensBuilder>();
  server.documents.onDidClose((e) => builders.delete(e.document.uri));
  const fullTokens = (d: RequestDocument): SemanticTokens => {
    const builder = new SemanticTokensBuilder();
    pushSemanticTokens(d.lines, semanticTokens(d.a), builder);
    builders.set(d.uri, builder);
    return builder.build();
  };
  const none: SemanticTokens = { data: [] };

  connection.languages.semanticTokens.on(withDocument(server, 'semanticTokens/full', 'tree', none, fullTokens));

  connection.languages.semanticTokens.onDelta(
    withDocument(server, 'semanticTokens/full/delta', 'tree', none, (d, p): SemanticTokens | SemanticTokensDelta => {
      const previous = builders.get(d.uri);
      if (!previous || !previous.canBuildEdits || previous.id !== p.previousResultId) return fullTokens(d);
      previous.previousResult(p.previousResultId);
      pushSemanticTokens(d.lines, semanticTokens(d.a), previous);
      return previous.buildEdits();
    }),
  );

  connection.languages.semanticTokens.onRange(
    withDocument(server, 'semanticTokens/range', 'tree', none, (d, p) => {
      const builder = new SemanticTokensBuilder();
      pushSemanticTokens(d.lines, semanticTokens(d.a, toTextRange(d.lines, p.range)), builder);
      return builder.build();
    }),
  );
}
