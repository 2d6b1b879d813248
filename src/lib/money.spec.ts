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

	it('formats minor units', () => {
		expect(formatMoney(19900, 'THB').replace(/\s/g, ' ')).toBe('THB 199.00');
		expect(formatMoney(1999, 'USD')).toBe('$19.99');
	});
});
