import type { EthicsSubsetReport } from "../app/figures/ethics.js";
import { personaSpread } from "../app/experiments/ethics.js";
import { formatTable } from "./table.js";

export { ethicsFigure } from "../app/figures/ethics.js";

/** The ETHICS closing table: each subset's persona spread and the protocol's best single persona against the fits. */
export function renderEthicsPersonas(reports: EthicsSubsetReport[]): string {
  const mse = (r: EthicsSubsetReport, m: string) => r.result.methods.find((x) => x.method === m)?.mse.mean ?? NaN;
  const f3 = (v: number) => v.toFixed(3);
  const rows = reports.map((r) => {
    const s = personaSpread(r.personas);
    const b = mse(r, "best-single"), n = mse(r, "nonnegative+offset"), c = mse(r, "simplex+offset");
    return [r.subset, r.result.points, r.personas.length, `${f3(s.accuracy[0])} / ${f3(s.accuracy[1])} / ${f3(s.accuracy[2])}`,
      `${f3(s.mse[0])} / ${f3(s.mse[1])} / ${f3(s.mse[2])}`, f3(b), f3(mse(r, "uniform")), f3(n), f3(c), `${((n / b - 1) * 100).toFixed(1)}%`];
  });
  return "== ETHICS (reconstructed personas): each persona alone on all held-out scenarios (min / median / max), then the protocol's held-out MSE\n" +
    formatTable(["subset", "points", "personas", "persona accuracy", "persona MSE", "best single", "uniform", "nonneg + offset", "convex + offset", "nonneg vs best"], rows) +
    "\n(chance: accuracy ≈ 0.5, MSE 0.25 for always answering 0.5)";
}
