// Files written whole: the text goes to a temporary file beside the target, which is then renamed
// over it, so a reader (or a write cut short) never sees half a file. Private to the user (0600).
import * as fs from 'node:fs';

/** Writes `data` to `file` whole; on failure the temporary file is removed and the error thrown. */
export function writeFileWhole(file: string, data: string | Uint8Array, mode = 0o600): void {
  const temporary = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    fs.writeFileSync(temporary, data, { mode, flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
