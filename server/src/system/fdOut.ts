// Output written on file descriptor 1 or 2 itself instead of through Node's process.stdout or
// process.stderr. Those are streams built on first use: for a pipe a net.Socket (the `net` and
// stream modules loaded, 5-8 ms of a start), for a file or /dev/null a SyncWriteStream (the
// stream modules). Pipes from a terminal, a shell, VS Code or Node's spawn are blocking, so a
// write returns once the bytes are written, as Node's own writes to files and terminals do. A
// descriptor found non-blocking and full (EAGAIN) hands the rest, and all later output, to
// Node's stream, which queues it: nothing is lost or reordered.
import { writeSync } from 'node:fs';

const isAgain = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
};

export class DescriptorOut {
  private stream: NodeJS.WriteStream | undefined;

  /** `failed`: a write failed (EPIPE, EIO: the reader is gone), now or later on the stream. */
  constructor(
    private readonly name: 'stdout' | 'stderr',
    private readonly failed: (error: Error) => void,
  ) {}

  /** Writes `data`; `done` is called once it is all written (with the error when a write failed). */
  write(data: string | Uint8Array, done?: (error?: Error) => void): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.stream) return this.queue(bytes, done);
    const fd = this.name === 'stdout' ? 1 : 2;
    let written = 0;
    try {
      while (written < bytes.length) {
        const n = writeSync(fd, bytes, written, bytes.length - written);
        if (n <= 0) throw Object.assign(new Error(`${this.name} took no bytes`), { code: 'EIO' });
        written += n;
      }
    } catch (error) {
      if (isAgain(error)) {
        this.stream = process[this.name];
        this.stream.on('error', (e: Error) => this.failed(e));
        return this.queue(bytes.subarray(written), done);
      }
      const e = error instanceof Error ? error : new Error(String(error));
      this.failed(e);
      done?.(e);
      return;
    }
    done?.();
  }

  private queue(bytes: Uint8Array, done?: (error?: Error) => void): void {
    this.stream!.write(bytes, (error) => done?.(error ?? undefined));
  }
}
