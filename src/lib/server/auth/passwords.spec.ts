import { describe, expect, it } from 'vitest';
import { EmailSchema, hashPassword, PasswordSchema, verifyPassword } from './passwords';

describe('password hashing', () => {
	it('distinguishes passwords that differ after byte 72 (bcrypt alone would not)', async () => {
		const a = `${'x'.repeat(72)}1`;
		const b = `${'x'.repeat(72)}2`;
		expect(Buffer.byteLength(a)).toBe(73);
		const hash = await hashPassword(a, 10);
		expect(await verifyPassword(a, hash)).toBe(true);
		expect(await verifyPassword(b, hash)).toBe(false);
	});

	it('treats NFC and NFD forms of one password as the same', async () => {
		const hash = await hashPassword('Ångström ÿ', 10);
		expect(await verifyPassword('Ångström ÿ'.normalize('NFD'), hash)).toBe(true);
	});

	it('refuses a cost below 10', async () => {
		await expect(hashPassword('whatever pass', 9)).rejects.toThrow(/below 10/);
	});

	it('uses the requested cost', async () => {
		expect(await hashPassword('whatever pass', 10)).toMatch(/^\$2b\$10\$/);
	});
});

describe('input rules', () => {
	it.each([
		['1234567', false],
		['12345678', true],
		['🙂🙂🙂🙂🙂🙂🙂🙂', true],
		['🙂🙂🙂🙂🙂🙂🙂', false],
		['x'.repeat(128), true],
		['x'.repeat(129), false],
		['ภาษาไทย ok', true]
	])('password %j valid: %s', (p, ok) => {
		expect(PasswordSchema.safeParse(p).success).toBe(ok);
	});

	it('normalises emails: trimmed, lower case, NFC', () => {
		expect(EmailSchema.parse('  Ann@Example.COM ')).toBe('ann@example.com');
		expect(EmailSchema.safeParse('not an email').success).toBe(false);
	});
});
