/**
 * Plain-TypeScript twin of assembly/responses.ts: the same canonical sums (acc = 0, then acc += μ_y·u(a, y) for
 * y = 0, 1, …), the same tie rules, and a port of the exponential that AssemblyScript's NativeMath.exp uses (musl /
 * ARM optimized-routines exp_lut, see: musl/src/math/exp.c), operation for operation and with its table, so that this
 * backend and the WebAssembly one agree bit for bit (the host's Math.exp is not specified to the last bit and differs
 * between engines). 64-bit integer steps are done on the two 32-bit halves.
 */

export interface ResponseBlock {
  /** Transposed, zero-padded utility: nY×aPad. */
  ut: Float64Array;
  nA: number;
  aPad: number;
  nY: number;
}

// see: musl/src/math/exp_data.c: 2^(i/128) as (tail, bits) pairs, as (high word, low word) of each u64
const EXP_TAB = new Uint32Array([
  0x00000000, 0x00000000, 0x3FF00000, 0x00000000, 0x3C9B3B4F, 0x1A88BF6E, 0x3FEFF63D, 0xA9FB3335,
  0xBC716013, 0x9CD8DC5D, 0x3FEFEC9A, 0x3E778061, 0xBC905E7A, 0x108766D1, 0x3FEFE315, 0xE86E7F85,
  0x3C8CD252, 0x3567F613, 0x3FEFD9B0, 0xD3158574, 0xBC8BCE80, 0x23F98EFA, 0x3FEFD06B, 0x29DDF6DE,
  0x3C60F74E, 0x61E6C861, 0x3FEFC745, 0x18759BC8, 0x3C90A3E4, 0x5B33D399, 0x3FEFBE3E, 0xCAC6F383,
  0x3C979AA6, 0x5D837B6D, 0x3FEFB558, 0x6CF9890F, 0x3C8EB51A, 0x92FDEFFC, 0x3FEFAC92, 0x2B7247F7,
  0x3C3EBE3D, 0x702F9CD1, 0x3FEFA3EC, 0x32D3D1A2, 0xBC6A0334, 0x89906E0B, 0x3FEF9B66, 0xAFFED31B,
  0xBC955652, 0x2A2FBD0E, 0x3FEF9301, 0xD0125B51, 0xBC5080EF, 0x8C4EEA55, 0x3FEF8ABD, 0xC06C31CC,
  0xBC91C923, 0xB9D5F416, 0x3FEF829A, 0xAEA92DE0, 0x3C80D3E3, 0xE95C55AF, 0x3FEF7A98, 0xC8A58E51,
  0xBC801B15, 0xEAA59348, 0x3FEF72B8, 0x3C7D517B, 0xBC8F1FF0, 0x55DE323D, 0x3FEF6AF9, 0x388C8DEA,
  0x3C8B898C, 0x3F1353BF, 0x3FEF635B, 0xEB6FCB75, 0xBC96D99C, 0x7611EB26, 0x3FEF5BE0, 0x84045CD4,
  0x3C9AECF7, 0x3E3A2F60, 0x3FEF5487, 0x3168B9AA, 0xBC8FE782, 0xCB86389D, 0x3FEF4D50, 0x22FCD91D,
  0x3C8A6F41, 0x44A6C38D, 0x3FEF463B, 0x88628CD6, 0x3C807A05, 0xB0E4047D, 0x3FEF3F49, 0x917DDC96,
  0x3C968EFD, 0xE3A8A894, 0x3FEF387A, 0x6E756238, 0x3C875E18, 0xF274487D, 0x3FEF31CE, 0x4FB2A63F,
  0x3C80472B, 0x981FE7F2, 0x3FEF2B45, 0x65E27CDD, 0xBC96B87B, 0x3F71085E, 0x3FEF24DF, 0xE1F56381,
  0x3C82F7E1, 0x6D09AB31, 0x3FEF1E9D, 0xF51FDEE1, 0xBC3D219B, 0x1A6FBFFA, 0x3FEF187F, 0xD0DAD990,
  0x3C8B3782, 0x720C0AB4, 0x3FEF1285, 0xA6E4030B, 0x3C6E1492, 0x89CECB8F, 0x3FEF0CAF, 0xA93E2F56,
  0x3C834D75, 0x4DB0ABB6, 0x3FEF06FE, 0x0A31B715, 0x3C864201, 0xE2AC744C, 0x3FEF0170, 0xFC4CD831,
  0x3C8FDD39, 0x5DD3F84A, 0x3FEEFC08, 0xB26416FF, 0xBC86A380, 0x3B8E5B04, 0x3FEEF6C5, 0x5F929FF1,
  0xBC924AED, 0xCC4B5068, 0x3FEEF1A7, 0x373AA9CB, 0xBC9907F8, 0x1B512D8E, 0x3FEEECAE, 0x6D05D866,
  0xBC71D1E8, 0x3E9436D2, 0x3FEEE7DB, 0x34E59FF7, 0xBC991919, 0xB3CE1B15, 0x3FEEE32D, 0xC313A8E5,
  0x3C859F48, 0xA72A4C6D, 0x3FEEDEA6, 0x4C123422, 0xBC931260, 0x7A28698A, 0x3FEEDA45, 0x04AC801C,
  0xBC58A78F, 0x4817895B, 0x3FEED60A, 0x21F72E2A, 0xBC7C2C9B, 0x67499A1B, 0x3FEED1F5, 0xD950A897,
  0x3C4363ED, 0x60C2AC11, 0x3FEECE08, 0x6061892D, 0x3C966609, 0x3B0664EF, 0x3FEECA41, 0xED1D0057,
  0x3C6ECCE1, 0xDAA10379, 0x3FEEC6A2, 0xB5C13CD0, 0x3C93FF8E, 0x3F0F1230, 0x3FEEC32A, 0xF0D7D3DE,
  0x3C7690CE, 0xBB7AAFB0, 0x3FEEBFDA, 0xD5362A27, 0x3C931DBD, 0xEB54E077, 0x3FEEBCB2, 0x99FDDD0D,
  0xBC8F9434, 0x0071A38E, 0x3FEEB9B2, 0x769D2CA7, 0xBC87DECC, 0xDC93A349, 0x3FEEB6DA, 0xA2CF6642,
  0xBC78DEC6, 0xBD0F385F, 0x3FEEB42B, 0x569D4F82, 0xBC861246, 0xEC7B5CF6, 0x3FEEB1A4, 0xCA5D920F,
  0x3C933505, 0x18FDD78E, 0x3FEEAF47, 0x36B527DA, 0x3C7B98B7, 0x2F8A9B05, 0x3FEEAD12, 0xD497C7FD,
  0x3C9063E1, 0xE21C5409, 0x3FEEAB07, 0xDD485429, 0x3C34C785, 0x5019C6EA, 0x3FEEA926, 0x8A5946B7,
  0x3C9432E6, 0x2B64C035, 0x3FEEA76F, 0x15AD2148, 0xBC8CE44A, 0x6199769F, 0x3FEEA5E1, 0xB976DC09,
  0xBC8C33C5, 0x3BEF4DA8, 0x3FEEA47E, 0xB03A5585, 0xBC845378, 0x892BE9AE, 0x3FEEA346, 0x34CCC320,
  0xBC93CEDD, 0x78565858, 0x3FEEA238, 0x82552225, 0x3C5710AA, 0x807E1964, 0x3FEEA155, 0xD44CA973,
  0xBC93B3EF, 0xBF5E2228, 0x3FEEA09E, 0x667F3BCD, 0xBC6A12AD, 0x8734B982, 0x3FEEA012, 0x750BDABF,
  0xBC6367EF, 0xB86DA9EE, 0x3FEE9FB2, 0x3C651A2F, 0xBC80DC3D, 0x54E08851, 0x3FEE9F7D, 0xF9519484,
  0xBC781F64, 0x7E5A3ECF, 0x3FEE9F75, 0xE8EC5F74, 0xBC86EE4A, 0xC08B7DB0, 0x3FEE9F9A, 0x48A58174,
  0xBC861932, 0x1E55E68A, 0x3FEE9FEB, 0x564267C9, 0x3C909CCB, 0x5E09D4D3, 0x3FEEA069, 0x4FDE5D3F,
  0xBC7B32DC, 0xB94DA51D, 0x3FEEA114, 0x73EB0187, 0x3C94ECFD, 0x5467C06B, 0x3FEEA1ED, 0x0130C132,
  0x3C65EBE1, 0xABD66C55, 0x3FEEA2F3, 0x36CF4E62, 0xBC88A1C5, 0x2FB3CF42, 0x3FEEA427, 0x543E1A12,
  0xBC9369B6, 0xF13B3734, 0x3FEEA589, 0x994CCE13, 0xBC805E84, 0x3A19FF1E, 0x3FEEA71A, 0x4623C7AD,
  0xBC94D450, 0xD872576E, 0x3FEEA8D9, 0x9B4492ED, 0x3C90AD67, 0x5B0E8A00, 0x3FEEAAC7, 0xD98A6699,
  0x3C8DB72F, 0xC1F0EAB4, 0x3FEEACE5, 0x422AA0DB, 0xBC65B660, 0x9CC5E7FF, 0x3FEEAF32, 0x16B5448C,
  0x3C7BF683, 0x59F35F44, 0x3FEEB1AE, 0x99157736, 0xBC93091F, 0xA71E3D83, 0x3FEEB45B, 0x0B91FFC6,
  0xBC5DA9B8, 0x8B6C1E29, 0x3FEEB737, 0xB0CDC5E5, 0xBC6C23F9, 0x7C90B959, 0x3FEEBA44, 0xCBC8520F,
  0xBC924343, 0x22F4F9AA, 0x3FEEBD82, 0x9FDE4E50, 0xBC85CA6C, 0xD7668E4B, 0x3FEEC0F1, 0x70CA07BA,
  0x3C71AFFC, 0x2B91CE27, 0x3FEEC491, 0x82A3F090, 0x3C6DD235, 0xE10A73BB, 0x3FEEC863, 0x19E32323,
  0xBC87C504, 0x22622263, 0x3FEECC66, 0x7B5DE565, 0x3C8B1C86, 0xE3E231D5, 0x3FEED09B, 0xEC4A2D33,
  0xBC91BBD1, 0xD3BCBB15, 0x3FEED503, 0xB23E255D, 0x3C90CC31, 0x9CEE31D2, 0x3FEED99E, 0x1330B358,
  0x3C846984, 0x6E735AB3, 0x3FEEDE6B, 0x5579FDBF, 0xBC82DFCD, 0x978E9DB4, 0x3FEEE36B, 0xBFD3F37A,
  0x3C8C1A77, 0x92CB3387, 0x3FEEE89F, 0x995AD3AD, 0xBC907B8F, 0x4AD1D9FA, 0x3FEEEE07, 0x298DB666,
  0xBC55C3D9, 0x56DCAEBA, 0x3FEEF3A2, 0xB84F15FB, 0xBC90A40E, 0x3DA6F640, 0x3FEEF972, 0x8DE5593A,
  0xBC68D6F4, 0x38AD9334, 0x3FEEFF76, 0xF2FB5E47, 0xBC91EEE2, 0x6B588A35, 0x3FEF05B0, 0x30A1064A,
  0x3C74FFD7, 0x0A5FDDCD, 0x3FEF0C1E, 0x904BC1D2, 0xBC91BDFB, 0xFA9298AC, 0x3FEF12C2, 0x5BD71E09,
  0x3C736EAE, 0x30AF0CB3, 0x3FEF199B, 0xDD85529C, 0x3C8EE332, 0x5C9FFD94, 0x3FEF20AB, 0x5FFFD07A,
  0x3C84E08F, 0xD10959AC, 0x3FEF27F1, 0x2E57D14B, 0x3C63CDAF, 0x384E1A67, 0x3FEF2F6D, 0x9406E7B5,
  0x3C676B2C, 0x6C921968, 0x3FEF3720, 0xDCEF9069, 0xBC808A18, 0x83CCB5D2, 0x3FEF3F0B, 0x555DC3FA,
  0xBC8FAD5D, 0x3FFFFA6F, 0x3FEF472D, 0x4A07897C, 0xBC900DAE, 0x3875A949, 0x3FEF4F87, 0x080D89F2,
  0x3C74A385, 0xA63D07A7, 0x3FEF5818, 0xDCFBA487, 0xBC82919E, 0x2040220F, 0x3FEF60E3, 0x16C98398,
  0x3C8E5A50, 0xD5C192AC, 0x3FEF69E6, 0x03DB3285, 0x3C843A59, 0xAC016B4B, 0x3FEF7321, 0xF301B460,
  0xBC82D521, 0x07B43E1F, 0x3FEF7C97, 0x337B9B5F, 0xBC892AB9, 0x3B470DC9, 0x3FEF8646, 0x14F5A129,
  0x3C74B604, 0x603A88D3, 0x3FEF902E, 0xE78B3FF6, 0x3C83C5EC, 0x519D7271, 0x3FEF9A51, 0xFBC74C83,
  0xBC8FF712, 0x8FD391F0, 0x3FEFA4AF, 0xA2A490DA, 0xBC8DAE98, 0xE223747D, 0x3FEFAF48, 0x2D8E67F1,
  0x3C8EC3BC, 0x41AA2008, 0x3FEFBA1B, 0xEE615A27, 0x3C842B94, 0xC3A9EB32, 0x3FEFC52B, 0x376BBA97,
  0x3C8A64A9, 0x31D185EE, 0x3FEFD076, 0x5B6E4540, 0xBC8E37BA, 0xE43BE3ED, 0x3FEFDBFD, 0xAD9CBE14,
  0x3C77893B, 0x4D91CD9D, 0x3FEFE7C1, 0x819E90D8, 0x3C5305C1, 0x4160CC89, 0x3FEFF3C2, 0x2B8F71F1,]);

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[0] = low word, u32[1] = high word
const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = isLittleEndian ? 0 : 1, HI = 1 - LO;

function fromWords(hi: number, lo: number): number { u32[HI] = hi >>> 0; u32[LO] = lo >>> 0; return f64[0]!; }

const INV_LN2_N = fromWords(0x3FF71547, 0x652B82FE) * 128;
const NEG_LN2_HI_N = fromWords(0xBF762E42, 0xFEFA0000);
const NEG_LN2_LO_N = fromWords(0xBD0CF79A, 0xBC9E3B3A);
const SHIFT = fromWords(0x43380000, 0x00000000);
const C2 = fromWords(0x3FDFFFFF, 0xFFFFFDBD);
const C3 = fromWords(0x3FC55555, 0x5555543C);
const C4 = fromWords(0x3FA55555, 0xCF172B91);
const C5 = fromWords(0x3F811111, 0x67A4D017);
const TWO_M1022 = fromWords(0x00100000, 0);
const TWO_1009 = fromWords(0x7F000000, 0);

/** exp(x) exactly as AssemblyScript's NativeMath.exp computes it (exp_lut with its special cases). */
export function nativeExp(x: number): number {
  f64[0] = x;
  const xhi = u32[HI]!, xlo = u32[LO]!;
  let abstop = (xhi >>> 20) & 0x7ff;
  if (((abstop - 0x3c9) >>> 0) >= 0x3f) {
    if (((abstop - 0x3c9) >>> 0) >= 0x80000000) return 1;
    if (abstop >= 0x409) {
      if (xhi === 0xfff00000 && xlo === 0) return 0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return (xhi >>> 31) ? 0 : Infinity;
    }
    abstop = 0;
  }
  const z = INV_LN2_N * x;
  let kd = z + SHIFT;
  f64[0] = kd;
  const kilo = u32[LO]!;
  kd -= SHIFT;
  const r = x + kd * NEG_LN2_HI_N + kd * NEG_LN2_LO_N;
  const idx = (kilo & 127) << 2; // two u64 entries of two words each
  const tail = fromWords(EXP_TAB[idx]!, EXP_TAB[idx + 1]!);
  // sbits = T[idx + 1] + (ki << 45): the shift only reaches the high word
  let shi = (EXP_TAB[idx + 2]! + ((kilo << 13) >>> 0)) >>> 0;
  const slo = EXP_TAB[idx + 3]!;
  const r2 = r * r;
  const tmp = tail + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5);
  if (abstop === 0) {
    if (!(kilo & 0x80000000)) {
      shi = (shi - (1009 << 20)) >>> 0;
      const scale = fromWords(shi, slo);
      return TWO_1009 * (scale + scale * tmp);
    }
    shi = (shi + (1022 << 20)) >>> 0;
    const scale = fromWords(shi, slo);
    let y = scale + scale * tmp;
    if (Math.abs(y) < 1.0) {
      const one = y < 0 || Object.is(y, -0) ? -1.0 : 1.0;
      let lo = scale - y + scale * tmp;
      const hi = one + y;
      lo = one - hi + y + lo;
      y = (hi + lo) - one;
      if (y === 0) y = (shi >>> 31) ? -0 : 0;
    }
    return y * TWO_M1022;
  }
  const scale = fromWords(shi, slo);
  return scale + scale * tmp;
}

/** Row r off the simplex by more than tol (entry < −tol, non-finite, or |Σ − 1| > tol)? Σ as the kernel takes it:
 *  even-y and odd-y sequential sums, added at the end. */
function offSimplex(post: Float64Array, r: number, nY: number, tol: number): boolean {
  const p = r * nY;
  let s0 = 0, s1 = 0;
  let bad = false;
  for (let y = 0; y < nY; y++) {
    const m = post[p + y]!;
    if (!(m >= -tol)) bad = true;
    if (y & 1) s1 += m; else s0 += m;
  }
  return bad || !(Math.abs((s0 + s1) - 1.0) <= tol);
}

/** v[0..nA) = μᵀu(a, ·) for posterior row r, canonical order. */
function values(b: ResponseBlock, post: Float64Array, r: number, v: Float64Array): void {
  const { ut, nA, aPad, nY } = b;
  const p = r * nY;
  v.fill(0, 0, nA);
  for (let y = 0; y < nY; y++) {
    const m = post[p + y]!;
    const o = y * aPad;
    for (let a = 0; a < nA; a++) v[a] = v[a]! + m * ut[o + a]!;
  }
}

function rowMax(v: Float64Array, nA: number): number {
  let mx = v[0]!;
  for (let a = 1; a < nA; a++) if (v[a]! > mx) mx = v[a]!;
  return mx;
}

function rowValue(w: Float64Array, a: number, nY: number, post: Float64Array, r: number): number {
  let s = 0;
  for (let y = 0; y < nY; y++) s += post[r * nY + y]! * w[a * nY + y]!;
  return s;
}

/** See assembly/responses.ts bestResponses; rows [from, to) of post, results at the same indices. */
export function bestResponsesRef(
  b: ResponseBlock, post: Float64Array, rows: number, tau: number, prefer: Float64Array | null, tauPref: number,
  tol: number, actions: Int32Array, out: Float64Array,
): number {
  const { nA, nY } = b;
  const v = new Float64Array(nA);
  for (let r = 0; r < rows; r++) {
    if (offSimplex(post, r, nY, tol)) return r;
    values(b, post, r, v);
    const thr = rowMax(v, nA) - tau;
    let best = 0;
    while (!(v[best]! >= thr)) best++;
    if (prefer) {
      let tied = 0;
      for (let a = best; a < nA; a++) if (v[a]! >= thr) tied++;
      if (tied > 1) {
        let wmax = -Infinity;
        for (let a = best; a < nA; a++) {
          if (v[a]! >= thr) { const w = rowValue(prefer, a, nY, post, r); if (w > wmax) wmax = w; }
        }
        const thr2 = wmax - tauPref;
        for (let a = best; a < nA; a++) {
          if (v[a]! >= thr && rowValue(prefer, a, nY, post, r) >= thr2) { best = a; break; }
        }
      }
    }
    actions[r] = best;
    out[r] = v[best]!;
  }
  return -1;
}

/** See assembly/responses.ts quantalResponses. */
export function quantalResponsesRef(
  b: ResponseBlock, post: Float64Array, rows: number, lambda: number, tau: number, tol: number, out: Float64Array,
): number {
  const { nA, nY } = b;
  const v = new Float64Array(nA);
  for (let r = 0; r < rows; r++) {
    if (offSimplex(post, r, nY, tol)) return r;
    values(b, post, r, v);
    const mx = rowMax(v, nA);
    const o = r * nA;
    if (lambda === Infinity) {
      const thr = mx - tau;
      let tied = 0;
      for (let a = 0; a < nA; a++) if (v[a]! >= thr) tied++;
      const share = 1.0 / tied;
      for (let a = 0; a < nA; a++) out[o + a] = v[a]! >= thr ? share : 0.0;
      continue;
    }
    let sum = 0;
    for (let a = 0; a < nA; a++) { const e = nativeExp((v[a]! - mx) * lambda); v[a] = e; }
    let s0 = 0, s1 = 0; // even-a and odd-a sequential sums, as the kernel's SIMD lanes
    for (let a = 0; a < nA; a++) { if (a & 1) s1 += v[a]!; else s0 += v[a]!; }
    sum = s0 + s1;
    const inv = 1.0 / sum;
    for (let a = 0; a < nA; a++) out[o + a] = v[a]! * inv;
  }
  return -1;
}
