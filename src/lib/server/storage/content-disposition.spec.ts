import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
	it.each([
		['plain ASCII', 'book.mp3', `filename="book.mp3"; filename*=UTF-8''book.mp3`],
		[
			'spaces and quotes',
			'My "Best" Book.mp3',
			`filename="My _Best_ Book.mp3"; filename*=UTF-8''My%20%22Best%22%20Book.mp3`
		],
		[
			'RFC 5987 specials',
			"it's (1)*.mp3",
			`filename="it's (1)*.mp3"; filename*=UTF-8''it%27s%20%281%29%2A.mp3`
		],
		['non-ASCII', 'Ünïcode.mp3', `filename="_n_code.mp3"; filename*=UTF-8''%C3%9Cn%C3%AFcode.mp3`],
		['emoji, one _ per character', '📚.mp3', `filename="_.mp3"; filename*=UTF-8''%F0%9F%93%9A.mp3`],
		['a lone surrogate', 'a\uD800.mp3', `filename="a_.mp3"; filename*=UTF-8''a%EF%BF%BD.mp3`],
		[
			'header injection',
			'a\r\nSet-Cookie: x.mp3',
			`filename="a__Set-Cookie: x.mp3"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x.mp3`
		]
	])('encodes %s', (_label, name, expected) => {
		expect(contentDisposition(name)).toBe(`attachment; ${expected}`);
	});

	it('can ask for inline display', () => {
		expect(contentDisposition('cover.jpg', 'inline')).toMatch(/^inline; filename="cover.jpg"/);
	});
});
