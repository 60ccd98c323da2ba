/**
 * mem.ts for the js backend: the same cells over an ArrayBuffer that the js engine binds before every kernel call
 * (src/backend/js/instance.ts). Byte pointers stay below 2^31 there (the js heap is capped at 2 GiB), so the
 * kernels' `<<` offset arithmetic is exact in JavaScript too.
 */
let F64 = new Float64Array(0), I32 = new Int32Array(0);
export function bindMemory(buffer: ArrayBuffer): void {
  if (F64.buffer !== buffer) { F64 = new Float64Array(buffer); I32 = new Int32Array(buffer); }
}
export function ld(p: number, i: number): number { return F64[(p >>> 3) + i]!; }
export function st(p: number, i: number, v: number): void { F64[(p >>> 3) + i] = v; }
export function ldi(p: number, i: number): number { return I32[(p >>> 2) + i]!; }
export function sti(p: number, i: number, v: number): void { I32[(p >>> 2) + i] = v; }
export function row(p: number, i: number, ldm: number): number { return p + i * ldm * 8; }
export function copy(dst: number, src: number, n: number): void { F64.copyWithin(dst >>> 3, src >>> 3, (src >>> 3) + n); }
