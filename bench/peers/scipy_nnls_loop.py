"""SciPy NNLS in a Python loop, for bench/batches.bench.ts and bench/pool.bench.ts.

argv[1]: JSON {"mode": "many", "a": path, "rows": n, "cols": k, "b": path, "m": m, "out": path}
           one matrix A (n x k) and m right-hand sides (B, n x m row-major): nnls(A, B[:, j]) for each j
         or {"mode": "small", "a": path, "b": path, "rows": n, "cols": k, "count": c, "out": path}
           c independent problems (A_i stacked: c x n x k; b_i stacked: c x n): nnls(A_i, b_i) for each i
Prints {"seconds": ..., "per_ms": ..., "python", "numpy", "scipy", "threads"}; x is written to out (m x k or c x k) so that
the harness can check the objectives. The loop is timed with time.perf_counter around the solver calls alone, on
arrays already in memory (column slices made contiguous before the clock starts, as a user would hold them).
Runs the loop `reps` times (default 1) and reports the fastest.
"""
import json
import platform
import sys
import time

import numpy as np
import scipy
from scipy.optimize import nnls

d = json.loads(sys.argv[1])
n, k = int(d["rows"]), int(d["cols"])
reps = int(d.get("reps", 1))
if d["mode"] == "many":
    A = np.fromfile(d["a"], dtype="<f8").reshape(n, k)
    m = int(d["m"])
    B = np.fromfile(d["b"], dtype="<f8").reshape(n, m)
    cols = [np.ascontiguousarray(B[:, j]) for j in range(m)]
    problems = [(A, c) for c in cols]
else:
    c = int(d["count"])
    As = np.fromfile(d["a"], dtype="<f8").reshape(c, n, k)
    bs = np.fromfile(d["b"], dtype="<f8").reshape(c, n)
    problems = [(np.ascontiguousarray(As[i]), np.ascontiguousarray(bs[i])) for i in range(c)]
nnls(*problems[0])  # warm-up
best = None
X = np.zeros((len(problems), k))
for _ in range(reps):
    t0 = time.perf_counter()
    for i, (A_, b_) in enumerate(problems):
        X[i] = nnls(A_, b_)[0]
    s = time.perf_counter() - t0
    best = s if best is None else min(best, s)
X.tofile(d["out"])
try:
    from threadpoolctl import threadpool_info
    threads = [(i.get("internal_api"), i.get("num_threads")) for i in threadpool_info()]
except Exception:
    threads = "threadpoolctl not installed"
print(json.dumps({"seconds": best, "per_ms": best * 1000 / len(problems), "python": platform.python_version(),
                  "numpy": np.__version__, "scipy": scipy.__version__, "threads": threads}))
