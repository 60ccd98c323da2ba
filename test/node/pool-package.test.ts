/**
 * `emergent-align/pool` as shipped (dist/, built by `npm install`'s prepare): package.json's `./pool` export resolves
 * under the `node` condition to the worker_threads bundle, under `browser` to the Web Worker bundle; the browser
 * bundles import nothing from Node; the pool's bundles import the library from ./index.js (one InputError class);
 * and a plain node process imports the pool by the package's name, solves, and exits without an explicit close().
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; exports: Record<string, Record<string, string>> };
const built = (p: string) => {
  if (!existsSync(join(root, p))) throw new Error(`${p} is missing: run \`npm run build\` first`);
  return readFileSync(join(root, p), "utf8");
};

describe("emergent-align/pool in dist/", () => {
  it("exports ./pool by condition: node → worker_threads, browser/default → module Web Workers", () => {
    const e = pkg.exports["./pool"]!;
    expect(Object.keys(e)).toEqual(["types", "node", "browser", "default"]);
    expect(built(e.node!)).toContain("node:worker_threads");
    for (const f of [e.browser!, e.default!, "dist/pool-worker.browser.js"]) {
      expect(built(f), `${f} has a node: import`).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(/);
    }
    expect(built(e.browser!)).toContain('new Worker(new URL("./pool-worker.browser.js", import.meta.url), { type: "module" })');
    built(e.types!);
    for (const f of [e.node!, e.browser!, "dist/pool-worker.node.js", "dist/pool-worker.browser.js"]) {
      expect(built(f), `${f} imports the library from ./index.js`).toMatch(/from "\.\/index\.js"/);
      expect(built(f), `${f} bundles no copy of the library`).not.toContain("class InputError");
    }
  });

  it("a plain node process imports emergent-align/pool by name, gets the engine's bits and InputError, and exits", () => {
    const script = `
      import { createPool } from "${pkg.name}/pool";
      import { createEngine, InputError } from "${pkg.name}";
      const pool = await createPool({ workers: 2 });
      const ea = await createEngine();
      const A = [[1, 2], [3, 4], [5, 7]], b = [1, 2, 3];
      const [r] = await pool.map("nnls", [[A, b]]);
      let err; try { await pool.nnls(A, [1]); } catch (e) { err = e; }
      console.log(JSON.stringify({ same: r.x.join() === ea.nnls(A, b).x.join(), input: err instanceof InputError, workers: pool.workers }));
      // no pool.close(): idle workers must not keep the process alive`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 30_000 });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ same: true, input: true, workers: 2 });
  });
});
