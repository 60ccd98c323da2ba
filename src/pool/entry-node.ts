// The pool's worker thread in Node (dist/pool-worker.node.js).
import { serveNode } from "./worker-node.js";

serveNode();
