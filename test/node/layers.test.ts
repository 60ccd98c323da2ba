import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The layers of src/ (docs/architecture.md): arrows point down. The library (index, engine, api, core, backend)
 * never imports the application layers; backends never import the API; core imports only core; and nothing imports
 * in a circle (static and type imports alike).
 */
const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["'](\.[^"']+)["']/gm)) {
    const target = resolve(dirname(file), m[1]!).replace(/\.js$/, ".ts");
    out.push(target);
  }
  return out;
}

const layer = (file: string) => {
  const r = relative(src, file);
  return r.includes("/") ? r.split("/")[0]! : r.replace(/\.ts$/, "");
};

const graph = new Map(files(src).map((f) => [f, imports(f)] as const));

describe("layers of src/", () => {
  it("the library never imports the application layers, backends never import the API, core only core", () => {
    const library = new Set(["index", "engine", "api", "core", "backend"]);
    const allowed: Record<string, Set<string>> = {
      core: new Set(["core"]),
      backend: new Set(["backend", "core"]),
      api: new Set(["api", "backend", "core"]),
    };
    const bad: string[] = [];
    for (const [file, targets] of graph) {
      const from = layer(file);
      for (const t of targets) {
        const to = layer(t);
        if (library.has(from) && !library.has(to)) bad.push(`${relative(src, file)} → ${relative(src, t)}`);
        if (allowed[from] && !allowed[from]!.has(to)) bad.push(`${relative(src, file)} → ${relative(src, t)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (v: string) => {
      state.set(v, 1); stack.push(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (state.get(w) === 1) cycles.push(stack.slice(stack.indexOf(w)).concat(w).map((p) => relative(src, p)).join(" → "));
        else if (!state.get(w)) visit(w);
      }
      stack.pop(); state.set(v, 2);
    };
    for (const f of graph.keys()) if (!state.get(f)) visit(f);
    expect(cycles).toEqual([]);
    expect(graph.size).toBeGreaterThan(30);
  });
});
