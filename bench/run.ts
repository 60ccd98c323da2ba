/**
 * `npm run bench` (node --expose-gc --import tsx bench/run.ts): runs the registered suites and writes each one's
 * section of bench/RESULTS.md and bench/results/<suite>.json.
 *
 *   --suite nnls[,…]          which suites (default: all registered)
 *   --sizes 200x20,1000x100   shapes (rows×cols) instead of the suite's grid
 *   --quick                   the two smallest shapes with short time budgets (for development)
 *   --no-peers                only this library's backends (no ml-fcnnls, no SciPy)
 *   --no-write                print, but leave RESULTS.md and results/ alone
 *
 * A suite is a module exporting `run(options: SuiteOptions): Promise<SuiteResult>`; register it below (lazily
 * imported, so a suite's dependencies load only when it runs).
 */
import { parseShape } from "./data.js";
import { writeJson, writeSection, type SuiteOptions, type SuiteResult } from "./report.js";

type Suite = { run(options: SuiteOptions): Promise<SuiteResult> };

const SUITES: Record<string, () => Promise<Suite>> = {
  nnls: () => import("./nnls.bench.js"),
  sweep: () => import("./sweep.bench.js"),
  hull: () => import("./hull.bench.js"),
  responses: () => import("./responses.bench.js"),
  browser: () => import("./browser.bench.js"),
  persuasion: () => import("./persuasion.bench.js"),
  lp: () => import("./lp.bench.js"),
  batches: () => import("./batches.bench.js"),
  pool: () => import("./pool.bench.js"),
};

const USAGE = `usage: npm run bench -- [--suite ${Object.keys(SUITES).join(",")}] [--sizes 200x20,1000x100] [--quick] [--no-peers] [--no-write]`;

interface Cli { suites: string[]; sizes: [number, number][] | undefined; quick: boolean; peers: boolean; write: boolean }

function parseArgs(argv: string[]): Cli {
  const cli: Cli = { suites: Object.keys(SUITES), sizes: undefined, quick: false, peers: true, write: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--suite": case "--suites": {
        cli.suites = value().split(",").map((s) => s.trim()).filter(Boolean);
        for (const s of cli.suites) if (!(s in SUITES)) throw new Error(`unknown suite ${JSON.stringify(s)}; known: ${Object.keys(SUITES).join(", ")}`);
        break;
      }
      case "--sizes": cli.sizes = value().split(",").map(parseShape); break;
      case "--quick": cli.quick = true; break;
      case "--no-peers": cli.peers = false; break;
      case "--no-write": cli.write = false; break;
      case "--help": case "-h": console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  return cli;
}

async function main(): Promise<void> {
  let cli: Cli;
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  let failed = 0;
  for (const name of cli.suites) {
    const started = performance.now();
    console.log(`== ${name}${cli.quick ? " (--quick)" : ""}`);
    try {
      const suite = await SUITES[name]!();
      const result = await suite.run({ sizes: cli.sizes, quick: cli.quick, peers: cli.peers, log: (l) => console.log(l) });
      console.log(`\n${result.markdownTable}\n`);
      if (cli.write) {
        writeSection(name, result.markdownTable);
        const path = writeJson(name, result.json);
        console.log(`wrote bench/RESULTS.md (section ${name}) and ${path}`);
      }
    } catch (e) {
      failed++;
      console.error(`suite ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
    }
    console.log(`== ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
