/** Runs bench/peers/scipy_nnls_loop.py on the harness's own numbers (raw float64 files in a temporary folder). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { BENCH_DIR } from "../report.js";

export interface ScipyLoop { seconds: number; perMs: number; x: Float64Array; versions: string; threads: unknown }

const raw = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** `many`: one A, B n×m row-major; `small`: c problems, A's stacked (c·n·k) and b's stacked (c·n). */
export function scipyLoop(
  mode: "many" | "small", a: Float64Array, b: Float64Array, rows: number, cols: number, count: number, reps = 1, threads = 1,
): ScipyLoop | string {
  const dir = mkdtempSync(join(os.tmpdir(), "ea-scipy-"));
  try {
    writeFileSync(join(dir, "a"), raw(a));
    writeFileSync(join(dir, "b"), raw(b));
    const arg = JSON.stringify({ mode, a: join(dir, "a"), b: join(dir, "b"), rows, cols, m: count, count, reps, out: join(dir, "x") });
    const t = String(threads);
    const out = execFileSync("python3", [join(BENCH_DIR, "peers/scipy_nnls_loop.py"), arg], {
      encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 1_200_000,
      env: { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t },
    });
    const r = JSON.parse(out.trim().split("\n").pop()!) as { seconds: number; per_ms: number; python: string; numpy: string; scipy: string; threads: unknown };
    const x = readFileSync(join(dir, "x"));
    return {
      seconds: r.seconds, perMs: r.per_ms, x: new Float64Array(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength)),
      versions: `Python ${r.python}, numpy ${r.numpy}, SciPy ${r.scipy}`, threads: r.threads,
    };
  } catch (e) {
    const msg = (e as { stderr?: string }).stderr?.toString().trim().split("\n").pop() ?? (e as Error).message;
    return `SciPy skipped: ${msg}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
