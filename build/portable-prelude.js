// AssemblyScript's builtins as the kernels use them, for the js backend (after AssemblyScript's std/portable, but as
// module exports that esbuild injects where a kernel names them, so nothing is written to the global object).
// Each is exact in IEEE arithmetic: the same bits as the WebAssembly instruction it stands for.
export const i32 = (x) => x | 0;
export const f64 = (x) => +x;
export const abs = Math.abs;
export const min = Math.min;
export const max = Math.max;
export const sqrt = Math.sqrt;
export const floor = Math.floor;
export const ceil = Math.ceil;
export const trunc = Math.trunc;
export const copysign = (x, y) => (y < 0 || Object.is(y, -0) ? -Math.abs(x) : Math.abs(x));
export const unreachable = () => { throw new Error("unreachable"); };
export const __heap_base = 16;
