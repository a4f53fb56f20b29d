// The editor's system commands ask the server what a rebuild or rollback will run (the plan,
// before the confirmation) and how it ended (the operation log, for the notice); the bundled
// CLI in a terminal, or the server itself (systemRun.ts), does the running.
import type { Connection } from 'vscode-languageserver';
import { LAST_OPERATION, SYSTEM_PLAN, type LastOperationParams } from '../protocol/messages';
import type { OperationRecord } from '../protocol/operations';
import { prepareRunner, registerSystemRun } from './systemRun';

// (required on the first request: a server's start needs none of the system modules)
const knownGood = () => require('../system/knownGood') as typeof import('../system/knownGood');
const operationLog = () => require('../system/rebuild/operationLog') as typeof import('../system/rebuild/operationLog');
const plans = () => require('../system/rebuild/plan') as typeof import('../system/rebuild/plan');

export function registerSystemRequests(connection: Connection): void {
  connection.onRequest(SYSTEM_PLAN, (params) => {
    // The run, if confirmed, goes to a runner: it starts loading while the dialog is up.
    prepareRunner(params);
    return plans().systemPlan(params, plans().editorMachine(params));
  });
  connection.onRequest(LAST_OPERATION, (params) => lastOperation(params));
  registerSystemRun(connection);
}

/** The newest operation that started at or after `since` (a second of clock slack allowed). */
export function lastOperation(params: LastOperationParams): OperationRecord | null {
  const stateDir = knownGood().stateDirFromEnv({ ...process.env, ...params.env });
  return operationLog().readOperations(stateDir).filter((r) => Date.parse(r.start) >= params.since - 1000).pop() ?? null;
}
