// Runs the real Nix parser (`nix-instantiate --parse`) as a test oracle.
// Inputs go through temp files; processes run a few at a time.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface NixVerdict {
  ok: boolean;
  /** 1-based error line when rejected */
  line?: number;
  message: string;
  /** printed AST when accepted */
  output: string;
}

const INSTALL_HINT =
  "nix-instantiate (Nix 2.8+) is required by the syntax tests: run `bash scripts/install-system-deps.sh` (installs nix-bin).";

let checked: Promise<void> | undefined;
export function requireNix(): Promise<void> {
  checked ??= new Promise((resolve, reject) => {
    execFile("nix-instantiate", ["--version"], (err) => (err ? reject(new Error(INSTALL_HINT)) : resolve()));
  });
  return checked;
}

function runOne(file: string): Promise<NixVerdict> {
  return new Promise((resolve) => {
    execFile(
      "nix-instantiate",
      ["--parse", file],
      { env: { ...process.env, NIX_CONFIG: "sandbox = false\nsubstituters =" }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (!err) return resolve({ ok: true, message: "", output: stdout.trim() });
        const m = /at [^\n]*?:(\d+):(\d+):/.exec(stderr);
        const first = stderr.split("\n")[0] ?? "";
        resolve({ ok: false, line: m ? Number(m[1]) : undefined, message: first, output: "" });
      },
    );
  });
}

/** Parse each input with Nix, `concurrency` processes at a time. */
export async function nixParseMany(inputs: string[], concurrency = 4): Promise<NixVerdict[]> {
  await requireNix();
  const dir = mkdtempSync(join(tmpdir(), "nixparse-"));
  try {
    const out: NixVerdict[] = new Array(inputs.length);
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= inputs.length) return;
        const f = join(dir, `case${i}.nix`);
        writeFileSync(f, inputs[i]!);
        out[i] = await runOne(f);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
