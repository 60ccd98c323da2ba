#!/usr/bin/env node
import { Command } from "commander";
import { runDemo } from "./cli/demo.js";

/** The `emergent-align` command line. */
const program = new Command()
  .name("emergent-align")
  .description("Weighted alignment, convex-hull certificates and responses for 'Emergent Alignment via Competition'.");

program
  .command("demo", { isDefault: true })
  .description("a short tour on synthetic data (the default)")
  .action(async () => { await runDemo(); });

await program.parseAsync(process.argv);
