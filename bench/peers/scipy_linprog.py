"""SciPy HiGHS peer for bench/persuasion.bench.ts and bench/lp.bench.ts (a bench-only dependency: python3 + scipy).

Usage: python3 scipy_linprog.py <request.json>. The request names raw little-endian files written by the harness:
  {"nv": n, "c": "c.f64", "ub": {"rows", "indptr": "i32", "indices": "i32", "data": "f64", "b": "f64"} | null,
   "eq": {... same ...} | null, "reps": r}
Prints one JSON line: {"scipy": version, "status": int, "objective": float, "min_ms": float, "median_ms": float, "runs": r}.
Timing is time.perf_counter around scipy.optimize.linprog(method="highs") alone, on CSR matrices already built.
"""
import json
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linprog
from scipy.sparse import csr_matrix


def block(spec, nv):
    if spec is None:
        return None, None
    A = csr_matrix((np.fromfile(spec["data"], dtype="<f8"), np.fromfile(spec["indices"], dtype="<i4"),
                    np.fromfile(spec["indptr"], dtype="<i4")), shape=(spec["rows"], nv))
    return A, np.fromfile(spec["b"], dtype="<f8")


def main():
    req = json.load(open(sys.argv[1]))
    nv = req["nv"]
    c = np.fromfile(req["c"], dtype="<f8")
    Aub, bub = block(req.get("ub"), nv)
    Aeq, beq = block(req.get("eq"), nv)
    times, res = [], None
    for _ in range(max(1, req.get("reps", 3))):
        t0 = time.perf_counter()
        res = linprog(c, A_ub=Aub, b_ub=bub, A_eq=Aeq, b_eq=beq, bounds=(0, None), method="highs")
        times.append(1000 * (time.perf_counter() - t0))
    print(json.dumps({"scipy": scipy.__version__, "status": int(res.status), "objective": float(res.fun) if res.fun is not None else None,
                      "min_ms": min(times), "median_ms": statistics.median(times), "runs": len(times)}))


if __name__ == "__main__":
    main()
