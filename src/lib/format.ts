/** Display helpers shared by server and browser, in the active locale unless one is given. */
import * as m from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';

/** 7_380_000 → "2 h 3 min" ("2 ชม. 3 นาที"), 90_000 → "1 min 30 s", 30_000 → "30 s". */
export function formatDuration(ms: number, locale: Locale = getLocale()): string {
	const options = { locale };
	const totalSeconds = Math.round(ms / 1000);
	if (totalSeconds < 60) return m.duration_seconds({ s: totalSeconds }, options);
	// Short books keep their seconds: "2 min" for 90 s would overstate them by a third.
	if (totalSeconds < 600) {
		const s = totalSeconds % 60;
		const minutes = Math.floor(totalSeconds / 60);
		return s ? m.duration_minutes_seconds({ m: minutes, s }, options) : m.duration_minutes({ m: minutes }, options);
	}
	const minutes = Math.round(totalSeconds / 60);
	const h = Math.floor(minutes / 60);
	const min = minutes % 60;
	if (!h) return m.duration_minutes({ m: min }, options);
	return min ? m.duration_hours_minutes({ h, m: min }, options) : m.duration_hours({ h }, options);
}

/** A position in a recording: 63_250 → "1:03", 3_723_000 → "1:02:03" (the same in every locale). */
export function formatTimestamp(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** English dates day-first as before; Thai in the Buddhist calendar Thai readers expect. */
const DATE_LOCALES: Record<Locale, string> = { en: 'en-GB', th: 'th-TH' };

/**
 * A moment as "25 Nov 2026, 18:20 UTC" / "25 พ.ย. 2569 18:20 UTC". One fixed zone on server and browser
 * alike, so hydration never disagrees.
 */
export function formatDateTime(ms: number, locale: Locale = getLocale()): string {
	const when = new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
	return `${when.format(ms)} UTC`;
}
