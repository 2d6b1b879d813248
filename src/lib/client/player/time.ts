/** Times as the player shows and speaks them, in the active locale unless one is given. */
import { formatTimestamp } from '$lib/format';
import * as m from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';

/** The remaining time, shown with a minus as players do: "-1:02:03". */
export function formatRemaining(positionMs: number, durationMs: number): string {
	return `-${formatTimestamp(Math.max(0, durationMs - positionMs))}`;
}

/** For screen readers: 3_723_000 → "1 hour 2 minutes 3 seconds" ("1 ชั่วโมง 2 นาที 3 วินาที"), 0 → "0 seconds". */
export function spokenTime(ms: number, locale: Locale = getLocale()): string {
	const options = { locale };
	const total = Math.max(0, Math.floor(ms / 1000));
	const parts: Array<[number, (count: number) => string]> = [
		[Math.floor(total / 3600), (count) => m.spoken_hours({ count }, options)],
		[Math.floor((total % 3600) / 60), (count) => m.spoken_minutes({ count }, options)],
		[total % 60, (count) => m.spoken_seconds({ count }, options)]
	];
	const said = parts.filter(([n]) => n > 0).map(([n, say]) => say(n));
	return said.length ? said.join(' ') : m.spoken_seconds({ count: 0 }, options);
}

/** The progress bar's aria-valuetext: "12 minutes 5 seconds of 1 hour 3 minutes". */
export function progressText(positionMs: number, durationMs: number, locale: Locale = getLocale()): string {
	return m.spoken_progress({ position: spokenTime(positionMs, locale), duration: spokenTime(durationMs, locale) }, { locale });
}
