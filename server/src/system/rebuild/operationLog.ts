// Every system operation, appended as one JSON line to operations.jsonl in the state folder:
// what was asked, how it ran and how it ended. Never holds secrets or whole build logs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OperationRecord } from '../../protocol/operations';


export const OPERATION_LOG = 'operations.jsonl';

export function appendOperation(stateDir: string, record: OperationRecord): void {
  const file = path.join(stateDir, OPERATION_LOG);
  const line = JSON.stringify(record) + '\n';
  // One write call per line with O_APPEND: lines from two processes never interleave. The
  // folder exists after the first operation (the lock lives there), so mkdir only when missing.
  try {
    fs.appendFileSync(file, line);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(stateDir, { recursive: true });
    fs.appendFileSync(file, line);
  }
}

/** The log, oldest first; damaged lines are skipped. */
export function readOperations(stateDir: string): OperationRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(stateDir, OPERATION_LOG), 'utf8');
  } catch {
    return [];
  }
  const records: OperationRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as OperationRecord);
    } catch {
      // a line cut short by a crash
    }
  }
  return records;
}
