// `npm run web`: serves the built demo (web/dist/, see build/web.mjs) on http://127.0.0.1:<port>/ with node:http only.
//   node build/serve-web.mjs [--port 8080]     (EA_WEB_PORT works too; 0 = any free port)
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, extname, join, normalize, sep } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".map": "application/json", ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json",
};

/** Starts a static server for `dir` on 127.0.0.1; resolves to { server, url }. */
export function serveWeb({ dir = join(root, "web/dist"), port = 0, host = "127.0.0.1" } = {}) {
  if (!existsSync(join(dir, "index.html"))) {
    return Promise.reject(new Error(`${dir}/index.html is missing: build the page first (node build/web.mjs, or npm run build)`));
  }
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`not found: ${path}\n`);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" }).end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf("--port");
  const chosen = i > 0 ? process.argv[i + 1] : process.env.EA_WEB_PORT;
  const port = Number(chosen ?? 8080);
  try {
    let served;
    try {
      served = await serveWeb({ port });
    } catch (error) {
      // the default port is taken: any free port will do (an explicit --port is respected, and its error shown)
      if (chosen !== undefined || error?.code !== "EADDRINUSE") throw error;
      served = await serveWeb({ port: 0 });
    }
    const { url } = served;
    console.log(`emergent-align demo: ${url}  (Ctrl-C to stop)`);
  } catch (error) {
    console.error(`npm run web: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
