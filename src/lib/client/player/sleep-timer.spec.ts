import { describe, expect, it } from 'vitest';
import { advanceSleepTimer, FADE_MS, sleepExpired, sleepVolume, startSleepTimer } from './sleep-timer';

describe('sleep timer', () => {
	it('counts down by playback time and expires at zero', () => {
		let t = startSleepTimer(15);
		expect(t.remainingMs).toBe(900_000);
		for (let second = 0; second < 899; second++) t = advanceSleepTimer(t, 1_000);
		expect(sleepExpired(t)).toBe(false);
		t = advanceSleepTimer(t, 1_000);
		expect(sleepExpired(t)).toBe(true);
		expect(advanceSleepTimer(t, 5_000).remainingMs).toBe(0);
	});

	it.each([-1_000, Number.NaN, 10 * 60_000])('ignores a step of %d (a clock jump or a sleeping phone)', (step) => {
		expect(advanceSleepTimer({ remainingMs: 30_000 }, step).remainingMs).toBe(30_000);
	});

	it('fades the volume out over the last seconds only', () => {
		expect(sleepVolume(null)).toBe(1);
		expect(sleepVolume({ remainingMs: 60_000 })).toBe(1);
		expect(sleepVolume({ remainingMs: FADE_MS })).toBe(1);
		const half = sleepVolume({ remainingMs: FADE_MS / 2 });
		expect(half).toBeGreaterThan(0);
		expect(half).toBeLessThan(0.5);
		expect(sleepVolume({ remainingMs: FADE_MS / 4 })).toBeLessThan(half);
		expect(sleepVolume({ remainingMs: 0 })).toBe(0);
	});
});
