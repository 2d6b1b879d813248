/** Chapter start times as an admin types them: "1:02:03", "62:03", "3723" or "3723.5" (seconds). */

export function parseChapterTime(text: string): number | null {
	const t = text.trim();
	if (/^\d+(\.\d{1,3})?$/.test(t)) return Math.round(Number(t) * 1000);
	const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(\.\d{1,3})?$/.exec(t);
	if (!m) return null;
	const [h, min, s] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
	if (s >= 60 || (m[1] !== undefined && min >= 60)) return null;
	return ((h * 60 + min) * 60 + s) * 1000 + Math.round(Number(m[4] ?? 0) * 1000);
}

/** The same form back: h:mm:ss, or m:ss under an hour; milliseconds only when there are some. */
export function formatChapterTime(ms: number): string {
	const total = Math.floor(ms / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	const frac = ms % 1000 ? `.${String(ms % 1000).padStart(3, '0')}` : '';
	return (h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`) + frac;
}
