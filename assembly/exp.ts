/**
 * exp for the kernels: AssemblyScript's own NativeMath.exp (the musl / ARM optimized-routines exp_lut; see:
 * musl/src/math/exp.c), never the host's Math.exp, so results are the same bits in every engine. The js backend
 * swaps this file for src/backend/js/exp.ts, an operation-for-operation port of the same routine.
 */
@inline export function exp(x: f64): f64 { return NativeMath.exp(x); }
