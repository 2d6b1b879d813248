/** Playback speed: the steps offered, and the listener's choice kept on this device. */
import * as m from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';

export const SPEEDS = [0.5, 0.75, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 3;
const KEY = 'earshelf:speed';

/** The nearest offered step: stored values from an older version or a hand edit stay usable. */
export function nearestSpeed(value: number): number {
	if (!Number.isFinite(value)) return 1;
	return SPEEDS.reduce((best, s) => (Math.abs(s - value) < Math.abs(best - value) ? s : best), 1);
}

/** One step faster or slower, stopping at the ends. */
export function stepSpeed(current: number, direction: 1 | -1): number {
	const i = SPEEDS.indexOf(nearestSpeed(current) as (typeof SPEEDS)[number]);
	return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, i + direction))]!;
}

/** "1×", "1.25×", with the number written as the locale writes it. */
export const speedLabel = (speed: number, locale: Locale = getLocale()) =>
	m.player_speed_value({ speed: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(speed) }, { locale });

export function loadSpeed(storage: Pick<Storage, 'getItem'> | undefined): number {
	const raw = storage?.getItem(KEY);
	return raw === null || raw === undefined ? 1 : nearestSpeed(Number(raw));
}

export function saveSpeed(storage: Pick<Storage, 'setItem'> | undefined, speed: number): void {
	try {
		storage?.setItem(KEY, String(nearestSpeed(speed)));
	} catch {
		/* storage full or blocked (private mode): the speed lasts for this visit only */
	}
}
