// The system commands' requests on the real server: the plan (what will run, as root or not)
// and the end of the operation, typed by the shared protocol's declarations.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LAST_OPERATION, SYSTEM_PLAN } from '../../server/src/protocol/messages.js';
import { BUILT_SYSTEM } from '../../server/src/protocol/plan.js';
import { appendOperation } from '../../server/src/system/rebuild/operationLog.js';
import { startSession, type Session } from './support.js';

describe('system requests: nixHumanity/systemPlan and nixHumanity/lastOperation', () => {
  let s: Session;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-requests-'));
    s = await startSession({ trusted: true });
  });
  afterEach(() => {
    s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the plan of a switch without running anything: the commands, their root, the args', async () => {
    const profile = path.join(dir, 'profiles', 'system');
    fs.mkdirSync(path.dirname(profile));
    const plan = await s.client.sendRequest(SYSTEM_PLAN, {
      operation: 'rebuild',
      action: 'switch',
      profile,
      elevate: 'none',
      backend: 'direct',
      includes: ['nixos-config=/x/configuration.nix'],
      env: { NIX_HUMANITY_STATE_DIR: path.join(dir, 'state') },
      cwd: dir,
      interactive: true,
    });
    assert.equal(plan.backend, 'direct');
    assert.deepEqual(plan.steps.map((step) => [step.kind, step.root]), [['set-profile', true], ['activate', true]]);
    assert.equal(plan.steps[0]!.display, `nix-env -p ${profile} --set ${BUILT_SYSTEM}`);
    assert.deepEqual(plan.args, ['rebuild', 'switch', '-I', 'nixos-config=/x/configuration.nix', '--profile', profile, '--elevate', 'none', '--backend', 'direct']);
    assert.equal(fs.existsSync(path.join(dir, 'state')), false, 'nothing ran');
  });

  it('a rollback with no profile says why, with no steps', async () => {
    const plan = await s.client.sendRequest(SYSTEM_PLAN, { operation: 'rollback', action: 'switch', profile: path.join(dir, 'none', 'system'), elevate: 'none', cwd: dir });
    assert.match(plan.problem ?? '', /^There is no profile at /);
    assert.deepEqual(plan.steps, []);
  });

  it('the last operation since a time, from the state folder the env setting names', async () => {
    const env = { NIX_HUMANITY_STATE_DIR: path.join(dir, 'state') };
    const since = Date.now();
    assert.equal(await s.client.sendRequest(LAST_OPERATION, { env, since }), null);
    appendOperation(env.NIX_HUMANITY_STATE_DIR, { action: 'switch', backend: 'direct', elevation: 'none', start: new Date(since).toISOString(), durationMs: 5, outcome: 'failed', error: 'The build failed.' });
    const record = await s.client.sendRequest(LAST_OPERATION, { env, since });
    assert.equal(record?.error, 'The build failed.');
    assert.equal(await s.client.sendRequest(LAST_OPERATION, { env, since: since + 60_000 }), null);
  });
});
