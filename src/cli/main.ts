#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from "commander";
import { runDemo } from "./demo.js";
import { DATASETS, runReproduce } from "./reproduce.js";
import { runFit } from "./fit.js";
import { runSweep } from "./sweep.js";
import { emitSweep, placeShard } from "./cluster.js";
import { runMergeCommand } from "./merge.js";
import { runGame, DEFAULT_EPSILONS } from "./game.js";
import { defaultWorkers } from "./pool.js";
import { parseFormats } from "./figures.js";
import { SWEEP_METHODS, DEFAULT_SWEEP_METHODS } from "../app/sweep/plan.js";
import type { Method } from "../app/experiments/alignment.js";
import { exitCodeOf, oneLine, refuseInapplicable, removeTemporary } from "./errors.js";
import pkg from "../../package.json" with { type: "json" };

/** The `emergent-align` command line. */

const intArg = (name: string, min: number) => (value: string): number => {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}; got ${JSON.stringify(value)}`);
  return v;
};
const numberList = (name: string, { integer, min, max }: { integer: boolean; min: number; max?: number }) => (value: string): number[] => {
  const parts = value.split(",").map((s) => s.trim());
  const out = parts.map(Number);
  out.forEach((v, i) => {
    if (parts[i] === "" || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || (max !== undefined && v > max)) {
      throw new InvalidArgumentError(`${name} must be a comma-separated list of ${integer ? "integers" : "numbers"} ≥ ${min}${max !== undefined ? ` and ≤ ${max}` : ""}; got ${JSON.stringify(parts[i])}`);
    }
  });
  return [...new Set(out)].sort((a, b) => a - b);
};
const fraction = (name: string) => (value: string): number => {
  const v = Number(value);
  if (!(v > 0 && v < 1)) throw new InvalidArgumentError(`${name} must be a number strictly between 0 and 1; got ${JSON.stringify(value)}`);
  return v;
};
const methodList = (value: string): Method[] => {
  const list = value.split(",").map((s) => s.trim()) as Method[];
  for (const m of list) if (!SWEEP_METHODS.includes(m)) throw new InvalidArgumentError(`--methods: unknown method ${JSON.stringify(m)}; known: ${SWEEP_METHODS.join(", ")}`);
  return SWEEP_METHODS.filter((m) => list.includes(m));
};
const figureOptions = (cmd: Command): Command => cmd
  .option("--format <list>", "figure files besides .vl.json and .csv: svg, png or svg,png", (v: string) => {
    try { return parseFormats(v); } catch (e) { throw new InvalidArgumentError((e as Error).message); }
  }, ["svg", "png"])
  .option("--width <px>", "width of the plot area in CSS pixels (default 330; axes, legend and title come on top)", intArg("--width", 200))
  .option("--height <px>", "height of the plot area in CSS pixels (default 210)", intArg("--height", 150));
const backendOption = () => new Option("--backend <name>", "wasm (WebAssembly kernels) or js (the TypeScript reference)").choices(["wasm", "js"]).default("wasm");

const program = new Command()
  .name("emergent-align")
  .description("Weighted alignment, convex-hull certificates and the experiments of 'Emergent Alignment via Competition' (arXiv 2509.15090).")
  .version(pkg.version, "-V, --version", "print the version and exit")
  // every error is one line naming the option or file; usage and input errors exit 2, failures inside exit 1
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(`emergent-align: ${text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " ")} (see --help)\n`) });

program
  .command("demo", { isDefault: true })
  .description("a short tour on synthetic data (the default)")
  .action(async () => { await runDemo(); });

figureOptions(program
  .command("reproduce")
  .description("the paper's alignment experiments on the shipped data (MoralExceptQA, Moral Machine, MovieLens, ETHICS): tables; JSON and figures (Vega-Lite .vl.json, CSV, SVG, PNG) in --out; timings on stderr")
  .option("--out <dir>", "where the JSON and figure files go", "out"))
  .option("--json", "print one JSON document instead of the tables", false)
  .option("--quick", "a few splits and draws only (a smoke run of the whole pipeline)", false)
  .option("--seed <n>", "global seed of every random split and draw", intArg("--seed", 0), 1)
  .option("--datasets <list>", `which data sets (${DATASETS.join(",")})`, (v: string) => {
    const list = v.split(",").map((s) => s.trim());
    for (const d of list) if (!(DATASETS as readonly string[]).includes(d)) throw new InvalidArgumentError(`--datasets: unknown data set ${JSON.stringify(d)}; known: ${DATASETS.join(", ")}`);
    return list;
  }, [...DATASETS])
  .option("--no-progress", "no progress bars")
  .option("--no-game", "skip the selection-game report that follows the experiments")
  .addOption(new Option("--workers <n>", "worker threads of the engine pool").argParser(intArg("--workers", 1)).default(defaultWorkers(), `all cores, ${defaultWorkers()}`))
  .addOption(backendOption())
  .action(async (o) => {
    await runReproduce(o);
    // the paper's first experiment: the selection game where the hull condition holds (+ ε) and where it fails
    if (o.game && !o.json) {
      console.log("");
      await runGame({
        trials: 50, providers: 3, actions: 3, states: 3, epsilons: DEFAULT_EPSILONS, perturbation: "bias",
        seed: o.seed, maxRounds: 500, step: 0.01, out: o.out, json: false, backend: o.backend, progress: o.progress,
        format: o.format, width: o.width, height: o.height,
      });
    }
  });

program
  .command("fit")
  .description("one weighted-alignment fit on your CSV files")
  .requiredOption("--models <U.csv>", "points × models matrix (one column per model; an optional header row names them)")
  .requiredOption("--target <u.csv>", "the user's utility, one value per point (one column)")
  .addOption(new Option("--constraint <c>", "weights: nonnegative (a cone) or simplex (convex)").choices(["nonnegative", "simplex"]).default("simplex"))
  .option("--offset", "fit a free offset c as well (U w + c ≈ u)", false)
  .addOption(new Option("--norm <norm>", "l2: least squares (alignWeights); linf: the sup-norm hull LP with its certificate (hullDistance); sup = linf").choices(["l2", "linf", "sup"]).default("l2"))
  .option("--out <file.json>", "also write the result as JSON to this file")
  .option("--json", "print JSON instead of tables", false)
  .addOption(backendOption())
  .action(async (o) => { await runFit(o); });

figureOptions(program
  .command("sweep")
  .description("synthetic (default) or CSV-driven sweeps over many models on all cores; resumable JSON lines in --out, and next to them the figure of the test MSE vs k (<out>.vl.json, .csv, .svg, .png)"))
  .addOption(new Option("--n <list>", "synthetic: numbers of points").argParser(numberList("--n", { integer: true, min: 4 })).default([1000], "1000"))
  .option("--k <list>", "numbers of models (synthetic default 10,100; CSV default 1,2,4,…,all)", numberList("--k", { integer: true, min: 1 }))
  .addOption(new Option("--noise <list>", "synthetic: the user's own noise (0 = exactly in the shifted hull)").argParser(numberList("--noise", { integer: false, min: 0 })).default([0.1], "0.1"))
  .option("--reps <n>", "synthetic: instances per grid point", intArg("--reps", 1), 10)
  .option("--models <U.csv>", "CSV sweep: points × models matrix")
  .option("--target <u.csv>", "CSV sweep: the user's utility (one column)")
  .option("--draws <n>", "CSV sweep: random model subsets per k", intArg("--draws", 1), 20)
  .addOption(new Option("--methods <list>", `which fits, of ${SWEEP_METHODS.join(",")}`).argParser(methodList).default([...DEFAULT_SWEEP_METHODS], DEFAULT_SWEEP_METHODS.join(",")))
  .option("--test-fraction <f>", "share of the points held out", fraction("--test-fraction"), 0.25)
  .option("--seed <n>", "global seed; task t's streams are seeded from (seed, t)", intArg("--seed", 0), 1)
  .addOption(new Option("--workers <n>", "worker threads").argParser(intArg("--workers", 1)).default(defaultWorkers(), `all cores, ${defaultWorkers()}`))
  .option("--shard <i/N|auto>", "run only tasks t with t mod N = i (then `merge` the shard files); auto: i and N from the batch system (SLURM, Kubernetes, AWS/Google batch, PBS, SGE, LSF)", "0/1")
  .option("--shards <n>", "number of shards, where the batch system does not say (Kubernetes, PBS, LSF) or for --emit", intArg("--shards", 1))
  .option("--out <file.jsonl>", "output (resumed if it already holds part of this sweep); {shard} and {shards} are replaced, e.g. 'sweep.{shard}-of-{shards}.jsonl'", "sweep.jsonl")
  .addOption(new Option("--emit <system>", "print instead of running: a bash script that submits this sweep as a SLURM job array of --shards tasks (--workers CPUs each) plus a merge job, or the Kubernetes Indexed Job and merge Job").choices(["slurm", "k8s"]))
  .option("--job-name <name>", "with --emit: the job name (Kubernetes: the objects' name)", "ea-sweep")
  .option("--image <ref>", "with --emit k8s: a container image with emergent-align on its PATH", "emergent-align:latest")
  .option("--json", "print the summary as JSON", false)
  .option("--no-progress", "no progress bar")
  .addOption(backendOption())
  .action(async (o, cmd: Command) => {
    const csv = o.models !== undefined || o.target !== undefined;
    refuseInapplicable(cmd, csv ? ["n", "noise", "reps"] : ["draws"], csv ? "a CSV sweep (--models/--target)" : "a synthetic sweep (no --models/--target)");
    if (o.emit) { emitSweep(o); return; }
    const { shard, out } = placeShard(o);
    if (shard.system !== "command line") process.stderr.write(`sweep: shard ${shard.index}/${shard.count} from ${shard.system} (${shard.from}); writing ${out}\n`);
    await runSweep({ ...o, shard: `${shard.index}/${shard.count}`, out });
  });

program
  .command("merge")
  .description("merge the shard files of one sweep into one file (identical to an unsharded run)")
  .argument("<files...>", "shard files (JSON lines written by sweep --shard i/N)")
  .requiredOption("--out <file.jsonl>", "merged output")
  .option("--allow-partial", "merge even when shards or tasks are missing (they are named); without it, a merge that lacks any fails and writes nothing", false)
  .option("--json", "print a JSON summary", false)
  .action((files: string[], o) => { runMergeCommand(files, o); });

figureOptions(program
  .command("game")
  .description("the best-AI selection game on random instances where the hull condition holds (+ ε) and where it fails: the user's value gap vs ε, as a table, game.json and the figure game.{vl.json,csv,svg,png} in --out. Cost: (number of ε values + 1) × --trials games, about 10 ms each at 3 providers × 3 actions × 3 states (the defaults: 700 games, about 7 s)"))
  .option("--trials <n>", "instances per ε (and for the independent user)", intArg("--trials", 1), 100)
  .option("--providers <k>", "number of providers", intArg("--providers", 1), 3)
  .option("--actions <n>", "the user's actions", intArg("--actions", 2), 3)
  .option("--states <n>", "states", intArg("--states", 2), 3)
  .addOption(new Option("--epsilons <list>", "perturbations of the in-hull user").argParser(numberList("--epsilons", { integer: false, min: 0 })).default(DEFAULT_EPSILONS, DEFAULT_EPSILONS.join(",")))
  .addOption(new Option("--perturbation <kind>", "bias: the user gains ε more than the providers' mix when her action matches the state; noise: ε·U[−1,1] on every entry").choices(["bias", "noise"]).default("bias"))
  .option("--seed <n>", "seed of the instances", intArg("--seed", 0), 1)
  .option("--max-rounds <n>", "cap on rounds per game", intArg("--max-rounds", 1), 500)
  .option("--step <f>", "winning margin, relative to the user's full − no-information range (0 < f < 1)", fraction("--step"), 0.01)
  .option("--out <dir>", "where game.json and the game figure go", "out")
  .option("--json", "print JSON instead of the table", false)
  .option("--no-progress", "no progress bar")
  .addOption(backendOption())
  .action(async (o) => { await runGame(o); });

try {
  // `demo` is the default command: without this, a mistyped command would be "too many arguments for 'demo'"
  const first = process.argv[2];
  if (first !== undefined && !first.startsWith("-") && first !== "help" && !program.commands.some((c) => c.name() === first)) {
    program.error(`unknown command '${first}'; commands: ${program.commands.map((c) => c.name()).join(", ")}`);
  }
  await program.parseAsync(process.argv);
} catch (e) {
  removeTemporary(e);
  const code = exitCodeOf(e);
  if (code !== 0) {
    const line = oneLine(e);
    if (line) process.stderr.write(`emergent-align: ${line}\n`);
    if (code === 1 && process.env.EA_DEBUG === "1") process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
  }
  process.exitCode = code;
}
