// The messages between the extension and the progress webview, and their checks. Both sides
// check every message they receive: the page trusts nothing the host did not shape, and the
// host acts only on a page message that names something it knows. Pure (no vscode, no DOM).
import type { SystemEventParams } from '../../server/src/protocol/systemRun';

export interface OperationInfo {
  id: string;
  /** e.g. "Apply Configuration (switch)". */
  title: string;
  /** ms since the epoch. */
  startedAt: number;
  /** The roll back button makes sense after it (it changed the profile). */
  changesSystem: boolean;
}

export type HostMessage =
  | { type: 'operation'; operation: OperationInfo; events: SystemEventParams[] }
  | { type: 'events'; id: string; events: SystemEventParams[] }
  | { type: 'askpass'; id: string; waiting: boolean; prompt: string };

export type PageMessage =
  /** `showing`: the run the page still shows from its saved state (after a reload). */
  | { type: 'ready'; showing?: { id: string; startedAt: number; running: boolean } }
  | { type: 'cancel'; id: string }
  | { type: 'openFile'; id: string; seq: number }
  | { type: 'applyFix'; id: string; seq: number; fix: number }
  | { type: 'rollback'; id: string }
  | { type: 'showOutput' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max = 500): v is string => typeof v === 'string' && v.length <= max;
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;

/** A message from the page, or undefined when it is not one of ours exactly. */
export function pageMessage(value: unknown): PageMessage | undefined {
  if (!isObject(value) || !isString(value.type, 20)) return undefined;
  switch (value.type) {
    case 'ready': {
      const showing = value.showing;
      if (isObject(showing) && isString(showing.id, 100) && typeof showing.startedAt === 'number' && typeof showing.running === 'boolean') {
        return { type: 'ready', showing: { id: showing.id, startedAt: showing.startedAt, running: showing.running } };
      }
      return { type: 'ready' };
    }
    case 'showOutput':
      return { type: value.type };
    case 'cancel':
    case 'rollback':
      return isString(value.id, 100) ? { type: value.type, id: value.id } : undefined;
    case 'openFile':
      return isString(value.id, 100) && isIndex(value.seq) ? { type: 'openFile', id: value.id, seq: value.seq } : undefined;
    case 'applyFix':
      return isString(value.id, 100) && isIndex(value.seq) && isIndex(value.fix) ? { type: 'applyFix', id: value.id, seq: value.seq, fix: value.fix } : undefined;
    default:
      return undefined;
  }
}

const EVENT_TYPES = new Set(['phase', 'progress', 'log', 'diagnostic', 'result', 'summary']);

function eventParams(value: unknown): value is SystemEventParams {
  return isObject(value) && isString(value.id, 100) && isIndex(value.seq) && typeof value.at === 'number'
    && isObject(value.event) && isString(value.event.type, 20) && EVENT_TYPES.has(value.event.type);
}

function operationInfo(value: unknown): value is OperationInfo {
  return isObject(value) && isString(value.id, 100) && isString(value.title, 200) && typeof value.startedAt === 'number' && typeof value.changesSystem === 'boolean';
}

/** A message from the host, or undefined. Event bodies are read defensively where shown. */
export function hostMessage(value: unknown): HostMessage | undefined {
  if (!isObject(value)) return undefined;
  const events = (v: unknown) => Array.isArray(v) && v.every(eventParams);
  switch (value.type) {
    case 'operation':
      return operationInfo(value.operation) && events(value.events) ? (value as unknown as HostMessage) : undefined;
    case 'events':
      return isString(value.id, 100) && events(value.events) ? (value as unknown as HostMessage) : undefined;
    case 'askpass':
      return isString(value.id, 100) && typeof value.waiting === 'boolean' && isString(value.prompt, 300) ? (value as unknown as HostMessage) : undefined;
    default:
      return undefined;
  }
}
