// How requests run (runSafe/withDocument) and where code actions find their fixes.
import assert from 'node:assert/strict';
import { CodeActionRequest, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { runSafe } from '../../server/src/lsp/runSafe.js';
import type { ServerState } from '../../server/src/lsp/serverState.js';
import { startSession, type Session } from './support.js';

const URI = 'file:///work/requests.nix';

function fakeServer(logs: string[]): ServerState {
  return { connection: { console: { error: (m: string) => logs.push(m) } } } as unknown as ServerState;
}
const token = (cancelled: boolean) => ({ isCancellationRequested: cancelled, onCancellationRequested: () => ({ dispose() {} }) }) as CancellationToken;

describe('runSafe', () => {
  it('answers RequestCancelled for a request cancelled before it runs, without running it', () => {
    let ran = false;
    assert.throws(
      () => runSafe(fakeServer([]), 'hover', token(true), null, () => (ran = true)),
      (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled,
    );
    assert.equal(ran, false);
  });

  it('logs an unexpected error and answers the default, sync or async', async () => {
    const logs: string[] = [];
    const server = fakeServer(logs);
    assert.deepEqual(runSafe(server, 'hover', token(false), [], () => { throw new Error('boom'); }), []);
    assert.equal(await runSafe(server, 'formatting', token(false), null, async () => { throw new Error('late boom'); }), null);
    assert.equal(logs.length, 2);
    assert.match(logs[0]!, /^hover failed: Error: boom/);
    assert.match(logs[1]!, /^formatting failed: Error: late boom/);
  });

  it('passes ResponseErrors (a refused rename, a changed document) to the client', async () => {
    const logs: string[] = [];
    const refused = new ResponseError(-32803, 'no');
    assert.throws(() => runSafe(fakeServer(logs), 'rename', token(false), null, () => { throw refused; }), (e) => e === refused);
    await assert.rejects(Promise.resolve(runSafe(fakeServer(logs), 'formatting', token(false), null, async () => { throw refused; })), (e) => e === refused);
    assert.deepEqual(logs, []);
  });
});

describe('code actions use the diagnostics kept for the version', function () {
  this.timeout(10_000);
  let s: Session;
  afterEach(() => s?.close());

  it('ties a quick fix to the diagnostic that carries it, and publishes no copy of the fixes', async () => {
    s = await startSession();
    const diags = await s.open(URI, '{\n  a = rec { x = 1; };\n  b = rec { y = 2; };\n}\n');
    const recs = diags.filter((d) => d.code === 'unnecessary-rec');
    assert.equal(recs.length, 2, JSON.stringify(diags));
    assert.ok(diags.every((d) => d.data === undefined));
    const state = s.server.host.get(s.server.documents.get(URI)!);
    const kept = state.diagnostics;
    const actions = await s.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: recs[0]!.range,
      context: { diagnostics: recs, only: ['quickfix'] },
    });
    assert.equal(actions?.length, 1, JSON.stringify(actions));
    const fix = actions![0]!;
    assert.ok('kind' in fix);
    assert.equal(fix.title, 'Remove `rec`');
    // (both fixes have that title: the fix belongs to the first only)
    assert.deepEqual(fix.diagnostics, [recs[0]]);
    assert.equal(state.diagnostics, kept, 'the same version keeps its diagnostics');
  });
});
