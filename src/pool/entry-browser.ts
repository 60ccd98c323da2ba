// The pool's module Web Worker in browsers (dist/pool-worker.browser.js).
import { serveBrowser } from "./worker-browser.js";

serveBrowser();
