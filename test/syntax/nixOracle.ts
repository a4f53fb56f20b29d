// Real Nix (`nix-instantiate --parse`) as the reference parser for the
// syntax tests. Many files go to one process (it parses them in order and
// stops at the first it rejects), so a batch of valid inputs costs one
// process, and each rejected input one more.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface NixVerdict {
  ok: boolean;
  /** Nix's printed (normalised, fully parenthesised) expression when accepted. */
  printed: string;
  /** First line of the error when rejected. */
  message: string;
  /** 1-based error line when rejected (0 if Nix gave no position). */
  line: number;
}

// No daemon, no sandbox, no binary cache: a plain `nix-bin` in a container.
export const NIX_ENV = {
  ...process.env,
  NIX_CONFIG: "sandbox = false\nsubstituters =\nbuild-users-group =",
};

const MISSING =
  "nix-instantiate is not installed, and the syntax tests compare against the real Nix parser. " +
  "Install it with `npm run setup:system` (Debian's nix-bin).";

let present: boolean | undefined;
/** Throws (the test fails, it is never skipped) when nix-instantiate is missing. */
export function requireNix(): void {
  if (present === undefined) {
    try {
      execFileSync("nix-instantiate", ["--version"], { stdio: "pipe", env: NIX_ENV });
      present = true;
    } catch {
      present = false;
    }
  }
  if (!present) throw new Error(MISSING);
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(files: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile("nix-instantiate", ["--parse", ...files], { env: NIX_ENV, maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Nix's verdicts on `texts`, in order. At most `concurrency` processes at a time. */
export async function nixParseAll(texts: string[], { batch = 400, concurrency = 2 } = {}): Promise<NixVerdict[]> {
  requireNix();
  const dir = mkdtempSync(join(tmpdir(), "nix-parse-"));
  try {
    const files = texts.map((t, i) => {
      const f = join(dir, `c${i}.nix`);
      writeFileSync(f, t);
      return f;
    });
    const out: NixVerdict[] = new Array(texts.length);
    // Work items: [from, to) ranges of files still to parse.
    const queue: [number, number][] = [];
    for (let i = 0; i < texts.length; i += batch) queue.push([i, Math.min(texts.length, i + batch)]);
    let active = 0;
    await new Promise<void>((done, fail) => {
      const pump = () => {
        if (queue.length === 0 && active === 0) return done();
        while (active < concurrency && queue.length > 0) {
          const [from, to] = queue.shift()!;
          active++;
          run(files.slice(from, to))
            .then((r) => {
              active--;
              // one line per accepted file, in order (Nix escapes newlines in what it prints)
              const printed = r.stdout.split("\n").filter((l) => l.length > 0);
              for (let k = 0; k < printed.length && from + k < to; k++)
                out[from + k] = { ok: true, printed: printed[k]!, message: "", line: 0 };
              if (r.code === 0) {
                if (printed.length !== to - from) throw new Error(`nix-instantiate printed ${printed.length} results for ${to - from} files`);
              } else {
                const failed = from + printed.length;
                if (failed >= to) throw new Error(`nix-instantiate failed after printing every file:\n${r.stderr}`);
                // the position line (`       at FILE:LINE:COL:`), not a position quoted in the message
                const at = new RegExp(`^\\s+at ${files[failed]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):(\\d+)`, "m").exec(r.stderr);
                const message = (r.stderr.split("\n").find((l) => l.startsWith("error:")) ?? r.stderr.trim()).trim();
                out[failed] = { ok: false, printed: "", message, line: at ? Number(at[1]) : 0 };
                if (failed + 1 < to) queue.push([failed + 1, to]);
              }
              pump();
            })
            .catch(fail);
        }
      };
      pump();
    });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Nix's verdict on one text. */
export async function nixParse(text: string): Promise<NixVerdict> {
  return (await nixParseAll([text]))[0]!;
}
