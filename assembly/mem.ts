/**
 * The only file with load/store: f64 and i32 cells at a byte pointer plus an index. Kernels address memory only through
 * these (and v128 loads inside `if (ASC_FEATURE_SIMD)` blocks), so that the js backend can swap this file for
 * mem.portable.ts, its twin over an ArrayBuffer, and run the same source (build/build-js-backend.mjs).
 */

@inline export function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline export function st(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
@inline export function ldi(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline export function sti(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }
/** Byte address of row `i` of a row-major f64 matrix with `ldm` columns. */
@inline export function row(p: usize, i: i32, ldm: i32): usize { return p + ((<usize>i * <usize>ldm) << 3); }
/** Copies `n` f64 from `src` to `dst` (the ranges may overlap). */
@inline export function copy(dst: usize, src: usize, n: i32): void { memory.copy(dst, src, <usize>n << 3); }
