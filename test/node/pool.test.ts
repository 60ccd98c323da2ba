/**
 * The pool in Node (worker_threads): the shared checks of test/node/pool-checks.ts, which test/node/pool-browser.test.ts
 * runs unchanged in headless Chromium (module Web Workers).
 */
import { describe, expect, it } from "vitest";
import { createPool } from "../../src/pool/node.js";
import { runPoolChecks } from "./pool-checks.js";

describe("pool on worker_threads", () => {
  it("passes every shared pool check", async () => {
    const outcomes = await runPoolChecks(createPool);
    expect(outcomes.length).toBeGreaterThanOrEqual(35);
    expect(outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.detail}`)).toEqual([]);
  }, 120_000);
});
