import { describe, expect, it } from 'vitest';
import { BookPatchInput, CategoryRefsSchema, fromFormFields, NewBookInput, NewCategoryInput, slugify, UploadIdSchema } from './schemas';

const base = { title: 'The Hobbit', author: 'J. R. R. Tolkien', priceMinor: 19900 };

function firstIssue(input: unknown) {
	const r = NewBookInput.safeParse(input);
	return r.success ? null : { path: r.error.issues[0]?.path.join('.'), message: r.error.issues[0]?.message };
}

describe('NewBookInput', () => {
	it('accepts a priced book, trims and normalises text, defaults free to false', () => {
		const r = NewBookInput.parse({ ...base, title: '  Cafe\u0301  ', narrator: '', description: 'a\r\nb' });
		expect(r).toMatchObject({ title: 'Café', narrator: null, description: 'a\nb', free: false, priceMinor: 19900 });
	});

	it('accepts a free book with price 0 or no price at all', () => {
		expect(NewBookInput.parse({ ...base, priceMinor: 0, free: true }).priceMinor).toBe(0);
		expect(NewBookInput.parse({ title: 'x', author: 'y', free: true }).priceMinor).toBe(0);
	});

	it('keeps markup as text (escaping is the renderer\u2019s job)', () => {
		const t = '<script>alert(1)</script>';
		expect(NewBookInput.parse({ ...base, title: t, description: t }).title).toBe(t);
	});

	it.each([
		['negative price', { ...base, priceMinor: -1 }, 'priceMinor', /negative/],
		['zero price without free', { ...base, priceMinor: 0 }, 'free', /free to true/],
		['free with a price', { ...base, free: true }, 'priceMinor', /must be 0/],
		['fractional price', { ...base, priceMinor: 19.5 }, 'priceMinor', /whole number/],
		['price as text', { ...base, priceMinor: '199' }, 'priceMinor', /whole number/],
		['huge price', { ...base, priceMinor: 100_000_001 }, 'priceMinor', /at most 100000000/],
		['missing price', { title: 'x', author: 'y' }, 'priceMinor', /required/],
		['empty title', { ...base, title: '   ' }, 'title', /required/],
		['10,000-character title', { ...base, title: 'a'.repeat(10_000) }, 'title', /at most 300/],
		['title with a line break', { ...base, title: 'a\nb' }, 'title', /control characters/],
		['title with NUL', { ...base, title: 'a\u0000b' }, 'title', /control characters/],
		['missing author', { title: 'x', priceMinor: 1 }, 'author', /required/],
		['long author', { ...base, author: 'a'.repeat(201) }, 'author', /at most 200/],
		['long narrator', { ...base, narrator: 'a'.repeat(201) }, 'narrator', /at most 200/],
		['long description', { ...base, description: 'a'.repeat(5001) }, 'description', /at most 5000/],
		['description with a bell', { ...base, description: 'ding\u0007' }, 'description', /control/],
		['unknown currency', { ...base, currency: 'XYZ' }, 'currency', /one of THB/],
		['free as text', { ...base, free: 'yes' }, 'free', /true or false/]
	])('refuses %s', (_label, input, path, message) => {
		const issue = firstIssue(input);
		expect(issue?.path).toBe(path);
		expect(issue?.message).toMatch(message);
	});

	it('accepts the boundaries: 300-character title, 5000-character description, the maximum price', () => {
		expect(NewBookInput.safeParse({ ...base, title: 'a'.repeat(300), description: 'd'.repeat(5000), priceMinor: 100_000_000 }).success).toBe(true);
	});
});

describe('BookPatchInput', () => {
	it('takes any subset and refuses unknown fields', () => {
		expect(BookPatchInput.parse({ priceMinor: 0 })).toEqual({ priceMinor: 0 });
		expect(BookPatchInput.safeParse({ status: 'published' }).success).toBe(false);
	});
});

describe('fromFormFields', () => {
	it('turns strings into the JSON shape, numbers only when they look like numbers', () => {
		const f = new Map<string, string[]>([
			['title', ['T']],
			['priceMinor', ['19900']],
			['free', ['on']],
			['categories', ['fiction', 'horror,comedy']]
		]);
		expect(fromFormFields(f)).toEqual({ title: 'T', priceMinor: 19900, free: true, categories: ['fiction', 'horror', 'comedy'] });
		expect(fromFormFields(new Map([['priceMinor', ['12.5']]])).priceMinor).toBe(12.5);
		expect(fromFormFields(new Map([['priceMinor', ['1e3']]])).priceMinor).toBe('1e3');
		expect(fromFormFields(new Map([['free', ['maybe']]])).free).toBe('maybe');
	});
});

describe('small schemas', () => {
	it('dedupes category refs and caps their number', () => {
		expect(CategoryRefsSchema.parse(['a', 'a', 'b'])).toEqual(['a', 'b']);
		expect(CategoryRefsSchema.safeParse(Array.from({ length: 21 }, (_, i) => `c${i}`)).success).toBe(false);
	});

	it('takes only UUIDs as upload ids', () => {
		expect(UploadIdSchema.safeParse('0f8fad5b-d9cb-469f-a165-70867728950e').success).toBe(true);
		expect(UploadIdSchema.safeParse('../../etc').success).toBe(false);
	});

	it('slugifies names and validates given slugs', () => {
		expect(slugify('Mystery & Thriller')).toBe('mystery-thriller');
		expect(slugify('Épopée  Ancienne!')).toBe('epopee-ancienne');
		expect(slugify('กวี')).toBe('');
		expect(NewCategoryInput.safeParse({ name: 'X', slug: 'Not A Slug' }).success).toBe(false);
		expect(NewCategoryInput.parse({ name: ' Cozy ' })).toEqual({ name: 'Cozy' });
	});
});
