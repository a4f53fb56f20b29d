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
  // folder exists after the first operation, so mkdir only when missing. The log is the user's
  // alone: 0600 in a 0700 folder (a log made by an older version is narrowed to 0600).
  let fd: number;
  try {
    fd = fs.openSync(file, 'a', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    fd = fs.openSync(file, 'a', 0o600);
  }
  try {
    if ((fs.fstatSync(fd).mode & 0o077) !== 0) fs.fchmodSync(fd, 0o600);
    const bytes = Buffer.from(line);
    const written = fs.writeSync(fd, bytes);
    if (written !== bytes.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
  } finally {
    fs.closeSync(fd);
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
