"""SciPy NNLS peer for bench/nnls.bench.ts: a persistent worker that times SciPy on the harness's own matrices.

Protocol (one JSON object per line each way):
  startup  -> {"ready": true, "python": ..., "numpy": ..., "scipy": ..., "blas": ..., "env": {...}}
              or {"ready": false, "error": "..."} when numpy/scipy cannot be imported
  request  <- {"id": 1, "a": "/tmp/.../A.f64", "b": "/tmp/.../b.f64", "rows": n, "cols": k,
               "solvers": ["scipy_nnls", "scipy_bvls"], "out": "/tmp/...",
               "budget_ms": 2000, "min_runs": 9, "max_runs": 1000, "single_run_above_ms": 45000}
  reply    -> {"id": 1, "results": {"scipy_nnls": {"first_ms", "median_ms", "min_ms",
               "runs", "single": bool, "iterations", "status", "x": "/tmp/.../x_scipy_nnls.f64"} | {"error": "..."}}}
  {"cmd": "exit"} ends the worker.

A and b are raw little-endian float64 files (A row-major, rows x cols) written by the harness; x is written back the
same way so that the harness computes every solver's objective and KKT residual with one routine. Timing is
time.perf_counter around the solver call alone, on arrays already in memory (C order, as np.fromfile gives them).
The first call is reported separately as first_ms; the median and min are over the calls after it, except when the
first call took longer than single_run_above_ms: then it is the only sample (reported as "1*").
The environment is left as it is (OPENBLAS_* included); it is recorded in the startup reply.
"""

import json
import os
import platform
import statistics
import sys
import time
import traceback


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def blas_info(np):
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        return "%s %s" % (blas.get("name", "?"), blas.get("version", "?"))
    except Exception:  # older numpy: no mode="dicts"
        return "unknown"


def main():
    try:
        import numpy as np
        import scipy
        from scipy.optimize import lsq_linear, nnls
    except Exception as exc:  # reported, not raised: the harness prints "scipy: skipped ..."
        reply({"ready": False, "error": "%s: %s" % (type(exc).__name__, exc)})
        return

    def run_nnls(A, b):
        x, _rnorm = nnls(A, b)
        return x, None, "ok"

    def run_bvls(A, b):
        res = lsq_linear(A, b, bounds=(0.0, np.inf), method="bvls")
        return res.x, int(res.nit), "ok" if res.status > 0 else "status %d" % res.status

    solvers = {"scipy_nnls": run_nnls, "scipy_bvls": run_bvls}

    env = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "MKL_"))}
    reply({
        "ready": True, "python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
        "blas": blas_info(np), "env": env,
    })

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        if req.get("cmd") == "exit":
            break
        out = {}
        A = b = None
        try:
            rows, cols = int(req["rows"]), int(req["cols"])
            A = np.fromfile(req["a"], dtype="<f8").reshape(rows, cols)
            b = np.fromfile(req["b"], dtype="<f8")
            if b.shape != (rows,):
                raise ValueError("b has %d entries, expected %d" % (b.size, rows))
        except Exception as exc:
            reply({"id": req.get("id"), "error": "loading the instance: %s: %s" % (type(exc).__name__, exc)})
            continue
        budget = float(req.get("budget_ms", 1000.0))
        min_runs = int(req.get("min_runs", 5))
        max_runs = int(req.get("max_runs", 1000))
        single_above = float(req.get("single_run_above_ms", 45000.0))
        for name in req["solvers"]:
            fn = solvers.get(name)
            if fn is None:
                out[name] = {"error": "unknown solver %s" % name}
                continue
            try:
                t0 = time.perf_counter()
                x, iterations, status = fn(A, b)
                first = (time.perf_counter() - t0) * 1000.0
                samples = []
                if first > single_above:
                    samples = [first]
                else:
                    spent = 0.0
                    while len(samples) < max_runs and (len(samples) < min_runs or spent < budget):
                        t0 = time.perf_counter()
                        fn(A, b)
                        dt = (time.perf_counter() - t0) * 1000.0
                        samples.append(dt)
                        spent += dt
                xpath = os.path.join(req["out"], "x_%s.f64" % name)
                np.ascontiguousarray(x, dtype="<f8").tofile(xpath)
                out[name] = {
                    "first_ms": first, "median_ms": statistics.median(samples),
                    "min_ms": min(samples), "runs": len(samples), "single": first > single_above,
                    "iterations": iterations, "status": status, "x": xpath,
                    "finite": bool(np.all(np.isfinite(x))),
                }
            except Exception as exc:
                out[name] = {"error": "%s: %s" % (type(exc).__name__, exc),
                             "trace": traceback.format_exc(limit=3)}
        del A, b
        reply({"id": req.get("id"), "results": out})


if __name__ == "__main__":
    main()
