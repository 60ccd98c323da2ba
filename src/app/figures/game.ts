import { lineFigure, type Figure, type FigureSize } from "./specs.js";

export interface GameGroup {
  epsilon: number | "independent";
  median: number;
  mean: number;
  p10: number;
  p90: number;
}

/** Colours of the game's series (not methods: none of METHOD_COLORS). */
export const GAME_COLORS = { median: "#332288", mean: "#88CCEE", independent: "#AA4499" } as const;

/**
 * The selection game: the user's normalised value gap against ε (an ordinal axis, one tick per ε), the median over
 * instances with bars from the 10th to the 90th percentile, the mean beside it (it can lie above the 90th percentile
 * when a few instances go badly), and the independent user's median as a reference at every ε.
 */
export function gameFigure(o: { title: string; subtitle?: string[]; groups: GameGroup[]; size?: FigureSize; name?: string }): Figure {
  const inHull = o.groups.filter((g): g is GameGroup & { epsilon: number } => g.epsilon !== "independent");
  const ind = o.groups.find((g) => g.epsilon === "independent");
  const series = [
    { key: "median", label: "user in hull + ε: median", color: GAME_COLORS.median, points: inHull.map((g) => ({ x: g.epsilon, y: g.median, lo: g.p10, hi: g.p90 })) },
    { key: "mean", label: "user in hull + ε: mean", color: GAME_COLORS.mean, points: inHull.map((g) => ({ x: g.epsilon, y: g.mean })) },
    ...(ind ? [{ key: "independent", label: "independent user: median", color: GAME_COLORS.independent, points: inHull.map((g) => ({ x: g.epsilon, y: ind.median })) }] : []),
  ];
  return lineFigure({
    name: o.name ?? "game",
    title: o.title,
    subtitle: o.subtitle,
    xTitle: "ε (how far the user is pushed out of the providers' hull)",
    yTitle: "value gap (0 = full information)",
    xKind: "ordinal",
    yScale: "linear",
    bandLabel: "bars: 10th–90th percentile of instances",
    fields: { x: "epsilon", y: "gap", lo: "p10", hi: "p90", series: "series" },
    series,
    size: o.size,
  });
}
