import { describe, expect, it } from 'vitest';
import { discriminantOf, rankBook } from '../../inference/src/embed/categories';
import { mean, normalize } from '../../inference/src/embed/vectors';
import { centredBy, centroidScorer, count, discriminantScorer, emptyTally, knnScorer, rankWith, sameLanguageScorer, type CategoryVectors } from './category-methods';

const v = (...xs: number[]) => normalize(Float32Array.from(xs));
const category = (slug: string, description: Float32Array, exemplars: Float32Array[], thai: boolean[] = exemplars.map(() => false)): CategoryVectors => ({
	slug,
	description,
	exemplars,
	thai
});
const slugsOf = (cs: CategoryVectors[]) => cs.map((c) => c.slug);

describe('candidate category rankers', () => {
	// A large common component (axis 0), as e5's vectors have.
	const background = v(5, 0, 0, 0);
	const categories = [
		category('a', v(5, 1, 0, 0), [v(5, 1, 0.2, 0), v(5, 1, 0, 0.2)]),
		category('b', v(5, 0, 1, 0), [v(5, 0, 1, 0.1), v(5, 0.1, 1, 0)]),
		category('c', v(5, 0, 0, 1), [v(5, 0, 0.1, 1)])
	];
	const centred = centredBy(background);

	it('the discriminant scorer ranks a window as the sidecar classifier does', () => {
		const window = v(5, 0.3, 1, 0.2);
		const ours = rankWith(discriminantScorer(categories, background), slugsOf(categories), [centred(window)]);
		const profiles = categories.map((c) => ({
			slug: c.slug,
			name: c.slug,
			description: '',
			vector: c.description,
			exemplars: { centroid: normalize(mean(c.exemplars)), count: c.exemplars.length, vectors: c.exemplars }
		}));
		const theirs = rankBook([window], { categories: profiles, background, discriminant: discriminantOf(profiles, background) });
		expect(ours.map((r) => r.slug)).toEqual(theirs.map((r) => r.slug));
		ours.forEach((r, i) => expect(r.score).toBeCloseTo(theirs[i]!.score, 5));
		expect(ours[0]!.slug).toBe('b');
	});

	it('pooling: the mean lets the on-topic windows outvote one strong off-topic window; the best window does not', () => {
		const none = new Float32Array(4);
		const axes = [category('a', v(1, 0, 0, 0), [v(1, 0, 0, 0)]), category('b', v(0, 1, 0, 0), [v(0, 1, 0, 0)]), category('c', v(0, 0, 1, 0), [v(0, 0, 1, 0)])];
		const windows = [v(0, 0.9, 0.1, 0), v(0, 0.9, 0.1, 0), v(0, 0, 1, 0)];
		const scorer = centroidScorer(axes, none, 1);
		expect(rankWith(scorer, slugsOf(axes), windows, { kind: 'mean' })[0]!.slug).toBe('b');
		expect(rankWith(scorer, slugsOf(axes), windows, { kind: 'max' })[0]!.slug).toBe('c');
		expect(rankWith(scorer, slugsOf(axes), windows, { kind: 'half' })[0]!.slug).toBe('b');
	});

	it('kNN follows the single nearest exemplar where the centroid follows the mass', () => {
		const spread = [category('wide', v(5, 1, 0, 0), [v(5, 1, 0, 0), v(5, 0, 0, 1.2)]), category('narrow', v(5, 0, 0, 1), [v(5, 0.3, 0, 1), v(5, 0.3, 0, 1)])];
		const book = [centred(v(5, 0, 0, 1.2))];
		expect(rankWith(knnScorer(spread, background, 1), slugsOf(spread), book)[0]!.slug).toBe('wide');
		expect(rankWith(centroidScorer(spread, background, 0), slugsOf(spread), book)[0]!.slug).toBe('narrow');
	});

	it("the same-language scorer lets the book's language's exemplars decide", () => {
		const none = new Float32Array(3);
		const mixed = [category('x', v(0, 0, 1), [v(1, 0, 0), v(0, 1, 0)], [false, true]), category('y', v(0, 0, 1), [v(0.3, 0.95, 0)], [true])];
		const thaiBook = [v(0, 1, 0)];
		expect(rankWith(sameLanguageScorer(mixed, none, 0, 0, true), slugsOf(mixed), thaiBook)[0]!.slug).toBe('x');
		expect(rankWith(sameLanguageScorer(mixed, none, 0, 1, true), slugsOf(mixed), thaiBook)[0]!.slug).toBe('y');
	});

	it('counts top-1 with accepted alternatives and top-3 by the true category only', () => {
		const tally = emptyTally();
		const ranked = ['x', 'y', 'z', 't'].map((slug, i) => ({ slug, score: -i }));
		count(tally, ranked, 'y', ['x']);
		count(tally, ranked, 't', ['x']);
		count(tally, ranked, 'z');
		expect(tally).toEqual({ n: 3, top1: 2, top3: 2 });
	});
});
