/**
 * Linear discriminant analysis over embedding vectors: the categories' classifier (categories.ts).
 *
 * The nearest-prototype ranking (classify.ts rankCategories) measures every direction of the 384 the
 * same. LDA weighs them by how much texts of one category vary along them: a direction in which
 * exemplars of the same category spread widely (the narrator, the period, the names) counts less than
 * one in which categories differ and their exemplars agree. It keeps one mean per category and one
 * covariance shared by all; the covariance of 18-odd texts a category in 384 dimensions is singular,
 * so each category's is shrunk toward its diagonal by the Ledoit–Wolf estimate on standardised
 * features (as scikit-learn's `LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto")`, against
 * which it was checked: the same rankings on the exemplars and eval passages).
 *
 * Chosen by leave-one-out on the built-in exemplars (eval/categories.ts cv): top-1 0.75 → 0.78, top-3
 * 0.91 → 0.95 against the prototypes (inference/README.md, "Categories from embeddings").
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";

/** One category's training data, every vector already centred on the background and normalised. */
export interface LabelledSet {
  /** Single texts of the category (its description, its exemplars): they give its mean and its spread. */
  samples: readonly Float32Array[];
  /** Means of further texts known only by their mean (books an admin filed), weighted by how many. */
  means?: ReadonlyArray<{ vector: Float32Array; count: number }>;
}

export interface Discriminant {
  /** Per category, the direction a book's vector is projected on (Σ⁻¹ μ). */
  weights: Float64Array[];
  /** Per category, −½ μᵀ Σ⁻¹ μ (equal priors: no category is favoured for being large). */
  bias: number[];
}

/**
 * The Ledoit–Wolf shrinkage intensity for rows that are already centred (Ledoit & Wolf 2004, in the
 * form scikit-learn's `ledoit_wolf_shrinkage` computes): how far toward μI the sample covariance
 * should be pulled, from 0 (trust it) to 1 (keep only its trace), and μ, the mean variance.
 */
export function ledoitWolfShrinkage(rows: readonly Float64Array[]): { shrinkage: number; mu: number } {
  const n = rows.length;
  if (n < 2) throw new Error("ledoitWolfShrinkage needs at least two rows");
  const p = rows[0]!.length;
  let trace = 0;
  let beta = 0; // Σ_k (Σ_i x_ki²)²
  for (const r of rows) {
    let s = 0;
    for (let i = 0; i < p; i++) s += r[i]! * r[i]!;
    trace += s;
    beta += s * s;
  }
  const mu = trace / n / p;
  let delta = 0; // ‖XᵀX‖²_F = ‖XXᵀ‖²_F, from the n × n Gram matrix
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let g = 0;
      for (let i = 0; i < p; i++) g += rows[a]![i]! * rows[b]![i]!;
      delta += g * g;
    }
  }
  delta /= n * n;
  const spread = (beta / n - delta) / (p * n);
  const distance = (delta - 2 * mu * (trace / n) + p * mu * mu) / p;
  const shrinkage = distance <= 0 ? 1 : Math.max(0, Math.min(spread, distance)) / distance;
  return { shrinkage, mu };
}

/**
 * Fits the discriminant. Each category's covariance is its samples' (at least two needed), shrunk as
 * above, and the shared one their mean. With no category of two samples there is nothing to learn
 * the spread from, and the identity stands in: the ranking is then by the nearest mean.
 */
export function fitDiscriminant(sets: readonly LabelledSet[]): Discriminant {
  const dim = sets.find((s) => s.samples.length)?.samples[0]?.length ?? sets.find((s) => s.means?.length)?.means?.[0]?.vector.length;
  if (!dim) throw new Error("fitDiscriminant needs at least one vector");
  const means = sets.map((set) => {
    const m = new Float64Array(dim);
    let total = 0;
    for (const v of set.samples) {
      for (let i = 0; i < dim; i++) m[i]! += v[i]!;
      total += 1;
    }
    for (const { vector, count } of set.means ?? []) {
      for (let i = 0; i < dim; i++) m[i]! += count * vector[i]!;
      total += count;
    }
    if (total === 0) throw new Error("fitDiscriminant: a category without any vector");
    for (let i = 0; i < dim; i++) m[i]! /= total;
    return m;
  });

  // The upper triangle of the sum of the categories' covariances, row by row.
  const sum = new Float64Array(dim * dim);
  let spreads = 0;
  for (const set of sets) {
    if (set.samples.length < 2) continue;
    const n = set.samples.length;
    const own = new Float64Array(dim);
    for (const v of set.samples) for (let i = 0; i < dim; i++) own[i]! += v[i]! / n;
    const rows = set.samples.map((v) => Float64Array.from(v, (x, i) => x - own[i]!));
    const sd = new Float64Array(dim);
    for (const r of rows) for (let i = 0; i < dim; i++) sd[i]! += (r[i]! * r[i]!) / n;
    for (let i = 0; i < dim; i++) sd[i] = Math.sqrt(sd[i]!) || 1;
    const { shrinkage, mu } = ledoitWolfShrinkage(rows.map((r) => r.map((x, i) => x / sd[i]!)));
    // (1 − s)·(the sample covariance) + s·μ·diag(sd²): the standardised estimate scaled back.
    for (let i = 0; i < dim; i++) {
      for (let j = i; j < dim; j++) {
        let c = 0;
        for (const r of rows) c += r[i]! * r[j]!;
        sum[i * dim + j]! += (1 - shrinkage) * (c / n) + (i === j ? shrinkage * mu * sd[i]! * sd[i]! : 0);
      }
    }
    spreads++;
  }
  if (spreads === 0) for (let i = 0; i < dim; i++) sum[i * dim + i] = 1;
  else {
    let trace = 0;
    for (let i = 0; i < dim; i++) {
      for (let j = i; j < dim; j++) {
        const mean = sum[i * dim + j]! / spreads;
        sum[i * dim + j] = mean;
        sum[j * dim + i] = mean;
      }
      trace += sum[i * dim + i]!;
    }
    // A hair of ridge keeps it invertible when the texts do not vary at all along some direction
    // (identical texts, or fewer texts than dimensions with no shrinkage): a millionth of the mean variance.
    const ridge = (trace / dim) * 1e-6 || 1e-6;
    for (let i = 0; i < dim; i++) sum[i * dim + i]! += ridge;
  }
  const sigma = Matrix.from1DArray(dim, dim, sum);
  const cholesky = new CholeskyDecomposition(sigma);
  if (!cholesky.isPositiveDefinite()) throw new Error("fitDiscriminant: the shared covariance is not positive definite");
  const solved = cholesky.solve(new Matrix(means.map((m) => Array.from(m))).transpose());
  const weights = means.map((_, c) => Float64Array.from(solved.getColumn(c)));
  const bias = means.map((m, c) => {
    let q = 0;
    for (let i = 0; i < dim; i++) q += m[i]! * weights[c]![i]!;
    return -q / 2;
  });
  return { weights, bias };
}

/** Each category's discriminant for one (centred, normalised) vector: higher is likelier. */
export function discriminantScores(model: Discriminant, vector: Float32Array): number[] {
  return model.weights.map((w, c) => {
    let s = model.bias[c]!;
    for (let i = 0; i < vector.length; i++) s += w[i]! * vector[i]!;
    return s;
  });
}

/**
 * The discriminants as probabilities, softened by a temperature. LDA's own posteriors are all but
 * certain in 384 dimensions (the best category has p > 0.99 for three quarters of the held-out
 * exemplars, right only 0.85 of the time); dividing by 5 made them honest in leave-one-out (the
 * log-loss is lowest from 4 to 6), so a margin between the first two means what it says.
 */
export const TEMPERATURE = 5;
export function posteriors(scores: readonly number[], temperature = TEMPERATURE): number[] {
  const top = Math.max(...scores);
  const e = scores.map((s) => Math.exp((s - top) / temperature));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}
