// Plain-language requests from the editor: nixHumanity/ask (the Ask command and the `# request`
// comment's code action), nixHumanity/explain, and the learning store's feedback. The files are
// the configuration around the document (open documents as the editor has them).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationToken, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import type { Style } from '../../intent/index.js';
import { applyEdits, lineIndex, type TextEdit } from '../../syntax/index.js';
import { ASK, EXPLAIN, INTENT_FEEDBACK, type AskParams, type AskResult, type ExplainResult } from '../../protocol/intent.js';
import { filePathOf } from '../paths.js';
import { runSafe } from '../runSafe.js';
import type { ServerState } from '../serverState.js';
import { toEdit } from '../toProto.js';

// The plain-language modules (and the files they read) are required on the first request: a
// server's start needs none of them.
const intent = () => require('../../intent/index') as typeof import('../../intent/index.js');
const intentFiles = () => require('../../system/intentFiles') as typeof import('../../system/intentFiles.js');

const NONE: AskResult = { understood: false, text: '', intents: [], unknown: [], messages: [], edit: { changes: {} }, preview: '' };

export function registerIntent(server: ServerState, index: () => NixosIndex): void {
  const { connection } = server;
  connection.onRequest(ASK, (p, token) => runSafe(server, 'nixHumanity/ask', token ?? CancellationToken.None, NONE, () => askRequest(server, index(), p)));
  connection.onRequest(EXPLAIN, (p, token) =>
    runSafe(server, 'nixHumanity/explain', token ?? CancellationToken.None, { items: [] } as ExplainResult, () => {
      const text = server.documents.get(p.uri)?.getText() ?? '';
      const items = intent().explainText(text, index(), (p.style ?? 'friendly') as Style).filter((e) => (p.startLine ?? 0) <= e.line && e.line <= (p.endLine ?? Infinity));
      return { items: items.map((e) => ({ line: e.line, option: e.path, text: e.text })) };
    }),
  );
  connection.onNotification(INTENT_FEEDBACK, (p) => {
    if (p.kind === 'forget') return intentFiles().forgetLearning(process.env);
    const l = intentFiles().loadLearning(process.env);
    if (p.kind === 'picked' && p.words && p.summary) intentFiles().saveLearning(process.env, intent().recordPick(l, p.words, p.summary));
    if (p.kind === 'undone' && p.summary) intentFiles().saveLearning(process.env, intent().recordUndo(l, p.summary));
    if (p.kind === 'redone' && p.summary) intentFiles().saveLearning(process.env, intent().recordRedo(l, p.summary));
  });
}

function askRequest(server: ServerState, index: NixosIndex, p: AskParams): AskResult {
  const file = p.uri ? filePathOf(p.uri) : undefined;
  const open = p.uri ? server.documents.get(p.uri)?.getText() : undefined;
  const config = file ? intentFiles().readConfigFiles(path.dirname(file), file) : undefined;
  const files = new Map(config?.files ?? []);
  if (file && open !== undefined) files.set(file, open);
  let text = p.text;
  let removal: TextEdit | undefined;
  if (p.commentLine !== undefined && file && open !== undefined) {
    const c = intent().commentRequestAt(open, lineIndex(open).offsetAt({ line: p.commentLine, character: 0 }));
    if (!c) return NONE;
    text = c.text;
    if (p.removeComment) removal = c.removal;
  }
  if (files.size === 0 || !file) return { ...NONE, text, messages: ['Open a NixOS configuration file first.'] };
  const ws = { files, root: config?.root ?? file, target: file };
  const raw = intent().understand(text, index, intent().presentIn(ws));
  let u = intent().rerank(raw, intentFiles().loadLearning(process.env));
  if (p.pick) {
    const alt = u.alternatives[p.pick.intent]?.[p.pick.alternative];
    if (alt) {
      u = { ...u, intents: u.intents.map((x, i) => (i === p.pick!.intent ? alt.intent : x)) };
      // Picked over the first reading as understood, before learning: the same kind of request next time.
      intentFiles().saveLearning(process.env, intent().recordPick(intentFiles().loadLearning(process.env), alt.intent.words, alt.intent.summary, raw.intents[p.pick.intent]?.summary));
    }
  }
  const understood = u.intents.length > 0 && u.unknown.length === 0;
  const plan = intent().planIntents(u.intents, ws, index);
  const changes: Record<string, LspTextEdit[]> = {};
  let preview = '';
  const byFile = new Map(plan.files.map((f) => [f.file, [...f.edits]]));
  if (removal && understood) byFile.set(file, [...(byFile.get(file) ?? []), removal]);
  for (const [f, edits] of byFile) {
    const before = files.get(f)!;
    const lines = lineIndex(before);
    changes[pathToFileURL(f).toString()] = edits.map((e) => toEdit(lines, e));
    preview += intent().unifiedDiff(path.basename(f), before, applyEdits(before, edits));
  }
  return {
    understood,
    text,
    intents: u.intents.map((x, i) => ({ summary: x.summary, notes: x.notes, alternatives: (u.alternatives[i] ?? []).map((a) => ({ summary: a.intent.summary, reason: a.reason })) })),
    unknown: u.unknown,
    messages: plan.messages,
    edit: understood ? { changes } : { changes: {} },
    preview,
  };
}
