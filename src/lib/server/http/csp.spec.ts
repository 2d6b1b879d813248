import { describe, expect, it } from 'vitest';
import { allowFormActionTo, hstsHeader } from './csp';

describe('allowFormActionTo', () => {
	it.each([
		["default-src 'self'; form-action 'self'; base-uri 'self'", "default-src 'self'; form-action 'self' https://accounts.google.com; base-uri 'self'"],
		["form-action 'self' https://accounts.google.com", "form-action 'self' https://accounts.google.com"],
		["default-src 'self';", "default-src 'self'"]
	])('%s', (csp, expected) => {
		expect(allowFormActionTo(csp, 'https://accounts.google.com')).toBe(expected);
	});
});

describe('hstsHeader', () => {
	it('is set for an https origin only', () => {
		expect(hstsHeader('https://earshelf.example.com')).toBe('max-age=31536000; includeSubDomains');
		expect(hstsHeader('http://localhost:3000')).toBeNull();
	});
});
