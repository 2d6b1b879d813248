/** The little vector arithmetic the classifier and the key-sentence picker share. */

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** A unit-length copy; the zero vector stays zero. */
export function normalize(v: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(v, v));
  const out = new Float32Array(v.length);
  if (norm > 0) for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

/** The weighted mean (equal weights by default); throws on an empty list, which is always a caller's bug. */
export function mean(vectors: readonly Float32Array[], weights?: readonly number[]): Float32Array {
  if (vectors.length === 0) throw new Error("mean of no vectors");
  const out = new Float32Array(vectors[0]!.length);
  let total = 0;
  vectors.forEach((v, k) => {
    const w = weights?.[k] ?? 1;
    total += w;
    for (let i = 0; i < v.length; i++) out[i] = out[i]! + w * v[i]!;
  });
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / total;
  return out;
}

export function subtract(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}
