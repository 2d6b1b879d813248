import { describe, expect, it } from 'vitest';
import { formatMoney, parseMajorAmount } from './money';

describe('money', () => {
	it.each([
		['199', 'THB', 19900],
		['199.5', 'THB', 19950],
		['1,299.00', 'THB', 129900],
		['0', 'THB', 0],
		['500', 'JPY', 500],
		['-1', 'THB', null],
		['1.999', 'THB', null],
		['abc', 'THB', null],
		['1e3', 'THB', null],
		['1.5', 'JPY', null],
		['9999999999999', 'THB', null]
	])('parses %j %s as %j', (text, currency, minor) => {
		expect(parseMajorAmount(text, currency)).toBe(minor);
	});

	it.each([
		[19900, 'THB', 'en', 'THB 199.00'],
		[1999, 'USD', 'en', '$19.99'],
		[129900, 'THB', 'en', 'THB 1,299.00'],
		[500, 'JPY', 'en', '¥500'],
		[19900, 'THB', 'th', '฿199.00'],
		[129900, 'THB', 'th', '฿1,299.00'],
		[1999, 'USD', 'th', 'US$19.99']
	])('formats %d %s in %s as %s', (minor, currency, locale, text) => {
		expect(formatMoney(minor, currency, locale).replace(/\s/g, ' ')).toBe(text);
	});

	it('formats in the base locale (English) outside a request', () => {
		expect(formatMoney(19900, 'THB').replace(/\s/g, ' ')).toBe('THB 199.00');
	});
});
