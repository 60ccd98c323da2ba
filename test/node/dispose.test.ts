import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Issue 11: engine.dispose() gives the engine's memory back (both backends), measured in a process of its own. */
const program = fileURLToPath(new URL("./programs/dispose-memory.mts", import.meta.url));

describe.each(["wasm", "js"])("engine.dispose() on %s", (backend) => {
  it("returns the memory of a 8000×1500 fit to the process (resident size back within 40 MiB of the start)", () => {
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", program, backend], { encoding: "utf8", timeout: 120_000 });
    const { base, held, afterDispose } = JSON.parse(out.trim().split("\n").at(-1)!) as { base: number; held: number; afterDispose: number };
    expect(held - base, "the fit should have grown the engine's memory").toBeGreaterThan(150);
    expect(afterDispose - base).toBeLessThan(40);
  }, 150_000);
});
