import { parentPort } from "node:worker_threads";
import { serve, type WorkerHandler, type WorkerPort } from "./serve.js";
import type { PoolInit, PoolRequest } from "./protocol.js";

/** Node's worker_threads side of the pool (bundled as dist/pool-worker.node.js). */
export function nodePort(): WorkerPort {
  if (!parentPort) throw new Error("the pool's worker must run in a worker thread");
  const port = parentPort;
  return {
    post: (message, transfer) => port.postMessage(message, transfer),
    listen: (handler) => port.on("message", (m: PoolInit | PoolRequest) => handler(m)),
  };
}

export function serveNode(extra?: Record<string, WorkerHandler>): void {
  serve(nodePort(), extra);
}
