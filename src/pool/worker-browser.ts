/// <reference lib="webworker" />
import { serve, type WorkerHandler, type WorkerPort } from "./serve.js";
import type { PoolInit, PoolRequest } from "./protocol.js";

/** A module Web Worker's side of the pool (bundled as dist/pool-worker.browser.js). */
declare const self: DedicatedWorkerGlobalScope;

export function browserPort(): WorkerPort {
  return {
    post: (message, transfer) => self.postMessage(message, transfer),
    listen: (handler) => { self.onmessage = (event: MessageEvent<PoolInit | PoolRequest>) => handler(event.data); },
  };
}

export function serveBrowser(extra?: Record<string, WorkerHandler>): void {
  serve(browserPort(), extra);
}
