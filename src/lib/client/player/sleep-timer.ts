/**
 * The sleep timer counts listening time, not wall time: a listener who pauses to answer the door
 * still gets the minutes they asked for. In its last seconds it fades the volume out, so the book
 * stops gently instead of mid-word at full volume.
 */

export const SLEEP_CHOICES = [15, 30, 45, 60] as const;
export const FADE_MS = 10_000;

export interface SleepTimer {
	remainingMs: number;
}

export const startSleepTimer = (minutes: number): SleepTimer => ({ remainingMs: Math.max(0, minutes) * 60_000 });

/** The timer after `elapsedMs` of playback; a negative or absurd step (a clock jump) counts as none. */
export function advanceSleepTimer(timer: SleepTimer, elapsedMs: number): SleepTimer {
	const step = Number.isFinite(elapsedMs) && elapsedMs > 0 && elapsedMs < 60_000 ? elapsedMs : 0;
	return { remainingMs: Math.max(0, timer.remainingMs - step) };
}

export const sleepExpired = (timer: SleepTimer) => timer.remainingMs <= 0;

/** The volume factor for the fade: 1 until the last FADE_MS, then down to 0. */
export function sleepVolume(timer: SleepTimer | null): number {
	if (!timer) return 1;
	if (timer.remainingMs >= FADE_MS) return 1;
	// Loudness is roughly logarithmic: squaring the linear ramp sounds like an even fade.
	const linear = Math.max(0, timer.remainingMs) / FADE_MS;
	return linear * linear;
}
