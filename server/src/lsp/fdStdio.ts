// The language server's messages written on stdout's descriptor (system/fdOut.ts), not through
// process.stdout: no stream to build before the first answer, and each frame written whole
// before the next. (stdin stays Node's stream: a read of fd 0 waiting in libuv's thread pool
// cannot be cancelled, and Node's exit waits for that thread, so a server told to stop while
// its client kept the pipe open would hang; docs/results/lsp.md.)
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import { DescriptorOut } from '../system/fdOut';

/**
 * LSP frames (a Content-Length header and the UTF-8 JSON body, as vscode-jsonrpc's
 * StreamMessageWriter writes them) on stdout. `onBroken` is called when the client's end is
 * gone (EPIPE and the like).
 */
export class FdMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private readonly out: DescriptorOut;
  private errorCount = 0;

  constructor(onBroken: () => void) {
    super();
    this.out = new DescriptorOut('stdout', () => onBroken());
  }

  write(message: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const frame = Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    return new Promise((resolve, reject) => {
      this.out.write(frame, (error) => {
        if (!error) return resolve();
        this.errorCount++;
        this.fireError(error, message, this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    // (nothing is held here: a frame is written, or queued on Node's stream, when it is sent)
  }
}
