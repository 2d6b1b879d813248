/**
 * Password hashing with bcrypt. bcrypt reads only the first 72 bytes of its input, so every password is
 * first reduced to a fixed 44-byte string (base64 of SHA-256 of its NFC form): long passwords that differ
 * after byte 72 hash differently, and no NUL byte ever reaches bcrypt.
 */
import { createHash } from 'node:crypto';
import bcrypt from 'bcrypt';
import { z } from 'zod';

export const MIN_BCRYPT_COST = 10;

function prehash(password: string): string {
	return createHash('sha256').update(password.normalize('NFC'), 'utf8').digest('base64');
}

export async function hashPassword(password: string, cost: number): Promise<string> {
	if (cost < MIN_BCRYPT_COST) throw new Error(`bcrypt cost ${cost} is below ${MIN_BCRYPT_COST}`);
	return bcrypt.hash(prehash(password), cost);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
	return bcrypt.compare(prehash(password), hash);
}

/** Hashes are made lazily per cost so an unknown email costs as much as a wrong password. */
const dummyHashes = new Map<number, Promise<string>>();
export function dummyHash(cost: number): Promise<string> {
	let h = dummyHashes.get(cost);
	if (!h) {
		h = hashPassword('not-a-real-password-only-for-timing', cost);
		dummyHashes.set(cost, h);
	}
	return h;
}

/** Counts code points, not UTF-16 units, so "8 characters" means what a person means. */
export const PasswordSchema = z
	.string({ error: 'is required' })
	.refine((p) => [...p].length >= 8, 'must be at least 8 characters')
	.refine((p) => [...p].length <= 128, 'must be at most 128 characters');

export const EmailSchema = z
	.string({ error: 'is required' })
	.trim()
	.max(254, 'must be at most 254 characters')
	.transform((e) => e.normalize('NFC').toLowerCase())
	.pipe(z.email({ error: 'must be a valid email address' }));

export const NameSchema = z
	.string({ error: 'is required' })
	.trim()
	.min(1, 'must not be empty')
	.max(100, 'must be at most 100 characters')
	.refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'must not contain control characters');
