import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Runs the CLI from source (node --import tsx src/cli/main.ts …) in `cwd` (with `env`); never hangs (60 s cap). */
export function cli(args: string[], cwd = root, env: NodeJS.ProcessEnv = process.env): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href, join(root, "src/cli/main.ts"), ...args], {
    cwd, encoding: "utf8", timeout: 60_000, env: { ...env, NODE_OPTIONS: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const scratch = (prefix: string): string => mkdtempSync(join(tmpdir(), `ea-${prefix}-`));
