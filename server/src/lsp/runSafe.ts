// How every request runs: a request already cancelled answers RequestCancelled,
// an error the handler did not mean (a bug) is logged and answered with the
// handler's default, and a document request finds its document and analysis
// once, so a handler is only the feature and its conversion.
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis/index.js';
import type { LineIndex } from '../syntax/index.js';
import type { DocumentState } from '../ide/analysisHost.js';
import type { ServerState } from './serverState.js';
import { toOffset } from './toProto.js';

export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

export function contentModified(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ContentModified, 'The document changed while the request ran.');
}

export function requestFailed(message: string): ResponseError<void> {
  return new ResponseError(-32803 /* RequestFailed */, message);
}

/**
 * Runs `run` for `method`. ResponseErrors (cancellation, a refused rename)
 * go to the client as they are; anything else is logged and `fallback`
 * answers, so one broken feature never takes the server down.
 */
export function runSafe<R>(server: ServerState, method: string, token: CancellationToken, fallback: R, run: () => R | Promise<R>): R | Promise<R> {
  if (token.isCancellationRequested) throw cancelled();
  const fail = (error: unknown): R => {
    if (error instanceof ResponseError) throw error;
    server.connection.console.error(`${method} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return fallback;
  };
  try {
    const r = run();
    return r instanceof Promise ? r.catch(fail) : r;
  } catch (error) {
    return fail(error);
  }
}

/** A document as a request sees it: one version, with what the features read. */
export interface RequestDocument {
  readonly uri: string;
  readonly state: DocumentState;
  readonly text: string;
  readonly lines: LineIndex;
  /** The analysis (names resolved), or for a document over the size limit its tree alone. */
  readonly a: Analysis;
  offset(p: Position): number;
}

/**
 * `names`: the request needs names resolved, so a document over the size
 * limit gets `fallback`; `tree`: the tree alone serves (every document).
 */
export type Needs = 'names' | 'tree';

/** A handler for a request on one document, run safely, with the document looked up once. */
export function withDocument<P extends { textDocument: { uri: string } }, R>(
  server: ServerState,
  method: string,
  needs: Needs,
  fallback: R,
  run: (d: RequestDocument, params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => R | Promise<R> {
  return (params, token) =>
    runSafe(server, method, token, fallback, () => {
      checkParams(method, params);
      const doc = server.documents.get(params.textDocument.uri);
      if (!doc) return fallback;
      const d = requestDocument(server.host.get(doc), needs);
      return d ? run(d, params, token) : fallback;
    });
}

/**
 * Params the handler cannot read are the client's mistake: InvalidParams, not an internal
 * error (-32603) from deep inside a feature.
 */
function checkParams(method: string, params: unknown): void {
  const p = params as { textDocument?: { uri?: unknown }; position?: unknown; range?: { start?: unknown; end?: unknown } } | null;
  const bad = (what: string) => new ResponseError(ErrorCodes.InvalidParams, `${method}: ${what}`);
  if (typeof p !== 'object' || p === null || typeof p.textDocument?.uri !== 'string') throw bad('textDocument.uri must be a string');
  if ('position' in p && !isPosition(p.position)) throw bad('position must be { line, character }, whole numbers from 0');
  if ('range' in p && p.range !== undefined && !(isPosition(p.range?.start) && isPosition(p.range?.end))) throw bad('range must be { start, end } positions');
}

function isPosition(x: unknown): boolean {
  const p = x as { line?: unknown; character?: unknown } | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character) && (p.line as number) >= 0 && (p.character as number) >= 0;
}

function requestDocument(state: DocumentState, needs: Needs): RequestDocument | undefined {
  const analysis = needs === 'names' ? state.analysis : undefined;
  if (needs === 'names' && !analysis) return undefined;
  return {
    uri: state.uri,
    state,
    text: state.text,
    get lines() {
      return state.lines;
    },
    // the tree is read only when asked (formatting needs the text alone)
    get a() {
      return analysis ?? state.syntax;
    },
    offset: (p) => toOffset(state.lines, p),
  };
}
