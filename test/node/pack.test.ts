/** The pool's request packing (src/pool/pack.ts): what is packed, what is left, and that unpacking restores it. */
import { describe, expect, it } from "vitest";
import { BufferStock, PACK_MIN_BYTES, canShareBuffers, packCalls, transferred, unpackCalls, usesBuffer } from "../../src/pool/pack.js";
import { decodeValues, encodeValues } from "../../src/pool/values.js";
import { batchSize } from "../../src/pool/pool.js";

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
  it("transferred buffers: reuses the smallest that fits (not one more than 4× too big), keeps at most its capacity", () => {
    const stock = new BufferStock(2, false);
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

describe("BufferStock in Node: shared request buffers", () => {
  it("hands out SharedArrayBuffers (posted by reference, never transferred)", () => {
    expect(canShareBuffers()).toBe(true);
    const stock = new BufferStock(2);
    const b = stock.take(100_000);
    expect(b).toBeInstanceOf(SharedArrayBuffer);
    stock.give(b);
    expect(stock.take(1000)).toBe(b);   // however much smaller the request: no fresh memory
    expect(transferred(b)).toEqual([]);
    const plain = new ArrayBuffer(8);
    expect(transferred(plain)).toEqual([plain]);
  });
});

describe("encodeValues / decodeValues (a batch's results in one buffer)", () => {
  const result = (i: number) => ({
    weights: Float64Array.from([i, -0, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308]),
    offset: i === 2 ? -0 : 0.5 * i,
    status: i % 3 === 0 ? "optimal" : "numerical_error",
    message: `message ${i % 2}`,
    iterations: i,
    flag: i % 2 === 0,
    nothing: null,
    absent: undefined,
    kkt: { primal: 1e-300 * i, nested: { deep: i } },
    actions: Int32Array.from([i, -2147483648, 2147483647]),
  });

  it("round-trips every value bit for bit, as fresh objects whose arrays own their buffers", () => {
    const values = Array.from({ length: 9 }, (_, i) => result(i));
    const e = encodeValues(values)!;
    expect(e).not.toBeNull();
    expect(e.strings.length).toBe(4);   // "optimal", "numerical_error", "message 0", "message 1": each sent once
    const back = decodeValues(structuredClone(e, { transfer: [e.numbers.buffer as ArrayBuffer] }));
    expect(back).toHaveLength(9);
    for (let i = 0; i < 9; i++) {
      const b = back[i] as ReturnType<typeof result>;
      expect(Object.keys(b)).toEqual(Object.keys(values[i]!));
      expect(b).toEqual(values[i]);
      expect(Object.is(b.weights[1], -0)).toBe(true);
      expect(Object.is(b.offset, i === 2 ? -0 : 0.5 * i)).toBe(true);
      expect(b.weights.buffer.byteLength).toBe(b.weights.byteLength);
      expect(b.actions).toBeInstanceOf(Int32Array);
      expect(b.weights).not.toBe(values[i]!.weights);
    }
  });

  it("declines what it cannot carry exactly: few values, other shapes, shared or long arrays, class instances", () => {
    const values = Array.from({ length: 6 }, (_, i) => result(i));
    expect(encodeValues(values.slice(0, 3))).toBeNull();
    expect(encodeValues([...values, { ...result(7), extra: 1 }])).toBeNull();
    const { kkt: _, ...noKkt } = result(8);
    expect(encodeValues([...values, noKkt])).toBeNull();
    expect(encodeValues([...values, { ...result(9), status: 3 }])).toBeNull();
    const shared = new Float64Array(new SharedArrayBuffer(16));
    expect(encodeValues([...values, { ...result(10), weights: shared }])).toBeNull();
    expect(encodeValues(Array.from({ length: 6 }, () => ({ w: new Float64Array(5000) })))).toBeNull();
    expect(encodeValues(Array.from({ length: 6 }, () => ({ d: new Date(0) })))).toBeNull();
    expect(encodeValues(Array.from({ length: 6 }, () => ({ list: [1, 2] })))).toBeNull();
    expect(encodeValues([1, 2, 3, 4, 5])).toBeNull();
  });
});

describe("batchSize (a map's batches: guided self-scheduling)", () => {
  it("covers every call once, never grows, never exceeds 256 and shrinks only to a sixteenth of the largest", () => {
    for (const [total, workers] of [[4000, 2], [4000, 1], [160, 2], [40, 8], [1, 4], [100_000, 16]] as const) {
      const sizes: number[] = [];
      for (let done = 0; done < total;) { const b = batchSize(total - done, total, workers); sizes.push(b); done += b; }
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
      const largest = sizes[0]!;
      expect(largest).toBe(Math.max(1, Math.min(256, Math.ceil(total / (4 * workers)))));
      for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]!);
      for (const s of sizes.slice(0, -1)) expect(s).toBeGreaterThanOrEqual(Math.ceil(largest / 16));
    }
    // towards the end a batch is a quarter of each worker's share of what is left
    expect(batchSize(800, 4000, 2)).toBe(100);
  });
});
