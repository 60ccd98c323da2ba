/** The pool's request packing (src/pool/pack.ts): what is packed, what is left, and that unpacking restores it. */
import { describe, expect, it } from "vitest";
import { BufferStock, PACK_MIN_BYTES, packCalls, unpackCalls, usesBuffer } from "../../src/pool/pack.js";

const take = (bytes: number) => new ArrayBuffer(bytes);
const filled = (n: number, at = 0) => Float64Array.from({ length: n }, (_, i) => at + i + 0.5);

describe("packCalls / unpackCalls", () => {
  it("packs every Float64Array, nested in dense matrices and options, and restores equal views", () => {
    const A = { rows: 300, cols: 10, data: filled(3000) }, b = filled(300, 1e6), w = filled(300, -7);
    const calls: unknown[][] = [[A, b, { pointWeights: w, offset: true }], [A, [[1, 2], [3, 4]], b]];
    const r = packCalls(calls, take)!;
    expect(r).not.toBeNull();
    expect(r.packed.buffer.byteLength).toBe(8 * (3000 + 300 + 300 + 3000 + 300));
    expect(r.packed.slots.map((s) => s.path)).toEqual([[0, 0, "data"], [0, 1], [0, 2, "pointWeights"], [1, 0, "data"], [1, 2]]);
    // the message holds no arrays, the caller's calls are untouched
    expect((r.calls[0]![0] as { data: unknown }).data).toBeNull();
    expect(r.calls[1]![1]).toBe(calls[1]![1]);
    expect(A.data.length).toBe(3000);
    expect(calls[0]![0]).toBe(A);
    const back = unpackCalls(structuredClone(r.calls, { transfer: [] }), structuredClone(r.packed));
    expect(back).toEqual(calls);
    expect((back[0]![0] as { data: Float64Array }).data).toBeInstanceOf(Float64Array);
  });

  it("leaves small requests, SharedArrayBuffer arrays and other typed arrays alone", () => {
    expect(packCalls([[filled(PACK_MIN_BYTES / 8 - 1)]], take)).toBeNull();
    expect(packCalls([[filled(PACK_MIN_BYTES / 8)]], take)).not.toBeNull();
    const shared = new Float64Array(new SharedArrayBuffer(8 * 10000));
    expect(packCalls([[{ rows: 100, cols: 100, data: shared }]], take)).toBeNull();
    expect(packCalls([[new Int32Array(10000), new Float32Array(10000)]], take)).toBeNull();
    expect(packCalls([[Array.from({ length: 5000 }, (_, i) => i)]], take)).toBeNull();
  });

  it("usesBuffer finds a view over the buffer anywhere in a result", () => {
    const buf = new ArrayBuffer(64);
    expect(usesBuffer({ x: [1, { y: new Float64Array(buf, 8, 2) }] }, buf)).toBe(true);
    expect(usesBuffer({ x: new Float64Array(8), s: "a" }, buf)).toBe(false);
  });
});

describe("BufferStock", () => {
  it("reuses the smallest buffer that fits (not one more than 4× too big) and keeps at most its capacity", () => {
    const stock = new BufferStock(2);
    const a = stock.take(100_000);
    expect(a.byteLength).toBe(131072);
    stock.give(a);
    expect(stock.take(20_000)).not.toBe(a);   // 131072 > 4 × 20000
    stock.give(a);
    expect(stock.take(100_000)).toBe(a);
    const [x, y, z] = [new ArrayBuffer(1 << 20), new ArrayBuffer(1 << 20), new ArrayBuffer(1 << 20)];
    stock.give(x); stock.give(y); stock.give(z);
    const got = new Set([stock.take(1 << 20), stock.take(1 << 20), stock.take(1 << 20)]);
    expect(got.has(x)).toBe(false);   // the oldest was dropped
    expect(got.has(y) && got.has(z)).toBe(true);
  });
});
