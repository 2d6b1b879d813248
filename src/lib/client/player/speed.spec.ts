import { describe, expect, it } from 'vitest';
import { loadSpeed, nearestSpeed, saveSpeed, SPEEDS, stepSpeed } from './speed';

const memory = () => {
	const m = new Map<string, string>();
	return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('speed', () => {
	it('offers 0.5× to 3× in order', () => {
		expect(SPEEDS[0]).toBe(0.5);
		expect(SPEEDS.at(-1)).toBe(3);
		expect([...SPEEDS].sort((a, b) => a - b)).toEqual([...SPEEDS]);
	});

	it.each([
		[1, 1, 1.1],
		[1, -1, 0.75],
		[3, 1, 3],
		[0.5, -1, 0.5],
		[1.3, 1, 1.5]
	] as const)('from %d, a step of %d gives %d', (from, dir, to) => {
		expect(stepSpeed(from, dir)).toBe(to);
	});

	it.each([
		[Number.NaN, 1],
		[7, 3],
		[0.1, 0.5],
		[1.24, 1.25]
	])('nearestSpeed(%d) is %d', (v, s) => {
		expect(nearestSpeed(v)).toBe(s);
	});

	it('is kept on the device, and a damaged value falls back to a usable step', () => {
		const storage = memory();
		expect(loadSpeed(storage)).toBe(1);
		saveSpeed(storage, 1.75);
		expect(loadSpeed(storage)).toBe(1.75);
		storage.m.set('earshelf:speed', 'fast');
		expect(loadSpeed(storage)).toBe(1);
		expect(loadSpeed(undefined)).toBe(1);
	});

	it('survives storage that refuses writes', () => {
		expect(() => saveSpeed({ setItem: () => { throw new Error('QuotaExceededError'); } }, 2)).not.toThrow();
	});
});
