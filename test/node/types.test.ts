/**
 * The public types under a strict consumer's compiler options (against dist/*.d.ts: run `npm run build` first):
 * test/types/public-api.ts must compile with tsc
 * (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess), every `@ts-expect-error` there must be used (an
 * unused one is itself an error), and nothing else may fail.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("public types (tsc on test/types/public-api.ts)", () => {
  it("accept readonly and typed-array inputs, promise the certificate with norm 'linf', and shape flat results", () => {
    const dir = mkdtempSync(join(tmpdir(), "ea-types-"));
    const config = join(dir, "tsconfig.json");
    writeFileSync(config, JSON.stringify({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"], types: [],
        strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noImplicitOverride: true,
        noEmit: true, skipLibCheck: true,
      },
      files: [join(root, "test/types/public-api.ts")],
    }));
    const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", config, "--pretty", "false"], { cwd: root, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
