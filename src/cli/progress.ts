import cliProgress from "cli-progress";

/**
 * A progress bar on stderr that appears only once the work has taken more than a second (and only on a terminal:
 * cli-progress stays silent when stderr is not a TTY, so pipes, files and tests get clean output; EA_PROGRESS=1 forces
 * it on from the first update, plain lines every half second, for logs of batch jobs and for tests: a forced bar that
 * waited for the first second would appear or not depending on the machine's speed).
 */
export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

export function progress(label: string, total: number, enabled = true): Progress {
  const started = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  let last = 0;
  const forced = process.env.EA_PROGRESS === "1";
  const delayMs = forced ? 0 : 1000;
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) total = newTotal;
      last = done;
      if (!enabled) return;
      if (!bar && performance.now() - started >= delayMs) {
        bar = new cliProgress.SingleBar({
          format: `${label.padEnd(22)} {bar} {percentage}% | {value}/{total} | {duration_formatted} elapsed, eta {eta_formatted}`,
          stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 50,
          ...(forced ? { noTTYOutput: true, notTTYSchedule: 500 } : {}),
        }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      } else if (bar) {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (bar) { bar.update(last); bar.stop(); }
      bar = null;
    },
  };
}
