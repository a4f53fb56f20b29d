// Reading LSP messages off a byte stream, with the promises a client can rely on under bad
// input. A frame whose header is malformed (no or a bad Content-Length, a header that never
// ends, an unknown charset) leaves the stream out of step for good: the reader reports it
// through `onFatal` (stdio exits with an error, so the client restarts the server) instead
// of staying alive and deaf. A frame that is well formed but holds no JSON is answered -32700
// (ParseError), one that holds JSON but no message -32600 (InvalidRequest), and reading goes
// on. The lifecycle is enforced here too, where the order of arrival is known: a request
// before `initialize` is answered ServerNotInitialized, one after `shutdown` InvalidRequest.
import { AbstractMessageReader, ErrorCodes, type DataCallback, type Disposable, type Message, type MessageReader } from 'vscode-languageserver/node';

/** No real header comes near this; a stream without `\r\n\r\n` in it is not LSP. */
const MAX_HEADER_BYTES = 8192;
/** The largest body accepted: documents are bounded by maxFileSize long before this. */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

export interface GuardOptions {
  /** Sends a message (an error response) back to the client. */
  reply(message: Message): void;
  /** The stream cannot be read on: the server must stop. */
  onFatal(error: Error): void;
}

type Phase = 'new' | 'running' | 'shutdown';

export class GuardedMessageReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private bodyLength = -1;
  private failed = false;
  private phase: Phase = 'new';
  private callback: DataCallback | undefined;

  constructor(
    private readonly readable: NodeJS.ReadableStream,
    private readonly options: GuardOptions,
  ) {
    super();
  }

  /** True once a `shutdown` request has arrived. */
  get shutdownReceived(): boolean {
    return this.phase === 'shutdown';
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (data: Buffer | string) => this.onData(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    this.readable.on('end', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('close', onClose);
        this.readable.off('end', onClose);
      },
    };
  }

  private fatal(message: string): void {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
    const error = new Error(`Malformed LSP frame: ${message}. The stream cannot be followed any more.`);
    this.fireError(error);
    this.options.onFatal(error);
  }

  private onData(data: Buffer): void {
    if (this.failed) return;
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      if (this.bodyLength < 0) {
        const all = this.take(this.buffered, false);
        const end = all.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.buffered > MAX_HEADER_BYTES) this.fatal('no end of the header within 8 KiB');
          return;
        }
        if (end > MAX_HEADER_BYTES) return this.fatal('a header over 8 KiB');
        const header = all.subarray(0, end).toString('ascii');
        this.take(end + 4, true);
        const length = this.readHeader(header);
        if (length === undefined) return;
        this.bodyLength = length;
      }
      if (this.buffered < this.bodyLength) return;
      const body = this.take(this.bodyLength, true);
      this.bodyLength = -1;
      this.deliver(body);
      if (this.failed) return;
    }
  }

  /** The Content-Length of a header block, or undefined after reporting it fatal. */
  private readHeader(header: string): number | undefined {
    let length: number | undefined;
    for (const line of header.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) return void this.fatal(`a header line without a name: ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d{1,10}$/.test(value)) return void this.fatal(`Content-Length is not a number: ${JSON.stringify(value.slice(0, 40))}`);
        length = Number(value);
        if (length > MAX_BODY_BYTES) return void this.fatal(`Content-Length ${length} is over the limit of ${MAX_BODY_BYTES}`);
      } else if (name === 'content-type') {
        const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1]?.toLowerCase();
        if (charset && charset !== 'utf-8' && charset !== 'utf8') return void this.fatal(`unsupported charset ${JSON.stringify(charset)}`);
      }
    }
    if (length === undefined) return void this.fatal('no Content-Length');
    return length;
  }

  /** The first `n` buffered bytes, removed from the buffer when `consume`. */
  private take(n: number, consume: boolean): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    if (!consume) return all;
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  private deliver(body: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch {
      this.options.reply(errorResponse(null, ErrorCodes.ParseError, 'The message is not valid JSON.'));
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      // JSON-RPC batches are not part of LSP
      this.options.reply(errorResponse(null, ErrorCodes.InvalidRequest, 'The message is not a JSON-RPC object.'));
      return;
    }
    const m = message as { id?: unknown; method?: unknown; params?: unknown };
    const isRequest = typeof m.method === 'string' && (typeof m.id === 'number' || typeof m.id === 'string');
    if (typeof m.method === 'string' && 'params' in m && (typeof m.params !== 'object' || m.params === null)) {
      // JSON-RPC: params, when present, are an object or an array (the library would fail on null inside)
      if (isRequest) this.options.reply(errorResponse(m.id as number | string, ErrorCodes.InvalidParams, `${m.method}: params must be an object.`));
      return;
    }
    if (typeof m.method === 'string') {
      if (this.phase === 'new') {
        if (m.method === 'initialize') this.phase = 'running';
        else if (isRequest) return this.options.reply(errorResponse(m.id as number | string, ErrorCodes.ServerNotInitialized, `The server is not initialized: ${m.method} before initialize.`));
        else if (m.method !== 'exit') return; // notifications before initialize are dropped, as the spec says
      } else if (this.phase === 'shutdown' && isRequest) {
        return this.options.reply(errorResponse(m.id as number | string, ErrorCodes.InvalidRequest, `The server is shutting down: ${m.method} after shutdown.`));
      } else if (m.method === 'shutdown' && isRequest) this.phase = 'shutdown';
    }
    this.callback?.(message as Message);
  }
}

function errorResponse(id: number | string | null, code: number, message: string): Message {
  return { jsonrpc: '2.0', id, error: { code, message } } as Message;
}

/**
 * How many messages have been dispatched to handlers, over all connections of the process.
 * vscode-jsonrpc dispatches one queued message per turn of the event loop; a turn in which
 * this does not move means its queue is empty (publishDiagnostics waits for that).
 */
export const dispatched = { count: 0 };
