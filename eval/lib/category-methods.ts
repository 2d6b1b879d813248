/**
 * Candidate ways to rank categories from vectors, compared by eval/categories.ts with leave-one-out
 * on the built-in exemplars. Pure arithmetic over vectors the caller embedded; the one the sidecar
 * uses is inference/src/embed/classify.ts, which the "today" and "chosen" rows call directly.
 */
import { discriminantScores, fitDiscriminant, posteriors } from '../../inference/src/embed/discriminant';
import { mean, normalize, subtract, dot } from '../../inference/src/embed/vectors';

/** A category as the candidates see it: its description vector and its exemplars' vectors, one each. */
export interface CategoryVectors {
	slug: string;
	description: Float32Array;
	exemplars: Float32Array[];
	/** Per exemplar: written in Thai (else English). */
	thai: boolean[];
}

export interface Ranked {
	slug: string;
	score: number;
}

/** How a category's per-window scores become the book's: the mean (today), the best window, or the mean of the best half. */
export type Pooling = { kind: 'mean' } | { kind: 'max' } | { kind: 'half' };

/** A per-window scorer: the score of every category (in order) for one centred window. */
export type WindowScorer = (window: Float32Array) => number[];

export function centredBy(background: Float32Array) {
	return (v: Float32Array) => normalize(subtract(v, background));
}

/** Today's prototype: the description weighted w, each exemplar 1 (classify.ts prototypeOf). */
export function centroidScorer(categories: readonly CategoryVectors[], background: Float32Array, descriptionWeight: number): WindowScorer {
	const centred = centredBy(background);
	const prototypes = categories.map((c) => {
		const parts = [normalize(c.description)];
		const weights = [descriptionWeight];
		if (c.exemplars.length > 0) {
			parts.push(normalize(mean(c.exemplars)));
			weights.push(c.exemplars.length);
		}
		return centred(normalize(mean(parts, weights)));
	});
	return (w) => prototypes.map((p) => dot(w, p));
}

/**
 * The centroid with the book's own language first: exemplars in the book's language weigh 1, the
 * others `otherWeight` (a category with none in that language keeps them all at 1).
 */
export function sameLanguageScorer(categories: readonly CategoryVectors[], background: Float32Array, descriptionWeight: number, otherWeight: number, thai: boolean): WindowScorer {
	const centred = centredBy(background);
	const prototypes = categories.map((c) => {
		const hasOwn = c.thai.some((t) => t === thai);
		const weights = c.thai.map((t) => (!hasOwn || t === thai ? 1 : otherWeight));
		const parts = [normalize(c.description), ...c.exemplars];
		return centred(normalize(mean(parts, [descriptionWeight, ...weights])));
	});
	return (w) => prototypes.map((p) => dot(w, p));
}

/**
 * Linear discriminant analysis (inference/src/embed/discriminant.ts): each category learns from its
 * description and exemplars, one text each; scores are the tempered probabilities.
 */
export function discriminantScorer(categories: readonly CategoryVectors[], background: Float32Array): WindowScorer {
	const centred = centredBy(background);
	const model = fitDiscriminant(categories.map((c) => ({ samples: [c.description, ...c.exemplars].map(centred) })));
	return (w) => posteriors(discriminantScores(model, w));
}

/** k nearest exemplars: a category scores the mean of its k best centred cosines (plus its description, weighted, as one more candidate). */
export function knnScorer(categories: readonly CategoryVectors[], background: Float32Array, k: number): WindowScorer {
	const centred = centredBy(background);
	const items = categories.map((c) => c.exemplars.map(centred));
	return (w) =>
		items.map((vs) => {
			const sims = vs.map((v) => dot(w, v)).sort((a, b) => b - a);
			const top = sims.slice(0, Math.min(k, sims.length));
			return top.length ? top.reduce((s, x) => s + x, 0) / top.length : -1;
		});
}

/** a·first + (1−a)·second, category by category. */
export function mixScorer(first: WindowScorer, second: WindowScorer, a: number): WindowScorer {
	return (w) => {
		const x = first(w);
		const y = second(w);
		return x.map((v, i) => a * v + (1 - a) * y[i]!);
	};
}

export function rankWith(scorer: WindowScorer, slugs: readonly string[], centredWindows: readonly Float32Array[], pooling: Pooling = { kind: 'mean' }): Ranked[] {
	const perWindow = centredWindows.map(scorer);
	return slugs
		.map((slug, i) => {
			const scores = perWindow.map((s) => s[i]!).sort((a, b) => b - a);
			const kept = pooling.kind === 'mean' ? scores : scores.slice(0, pooling.kind === 'max' ? 1 : Math.ceil(scores.length / 2));
			return { slug, score: kept.reduce((s, x) => s + x, 0) / kept.length };
		})
		.sort((a, b) => b.score - a.score);
}

export interface Tally {
	n: number;
	top1: number;
	top3: number;
}

export const emptyTally = (): Tally => ({ n: 0, top1: 0, top3: 0 });

export function count(tally: Tally, ranked: readonly Ranked[], truth: string, accepted: readonly string[] = []): void {
	tally.n++;
	if ([truth, ...accepted].includes(ranked[0]!.slug)) tally.top1++;
	if (ranked.slice(0, 3).some((r) => r.slug === truth)) tally.top3++;
}

export const share = (x: number, n: number) => (n ? (x / n).toFixed(2) : '—');
