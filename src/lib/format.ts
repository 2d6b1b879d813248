/** Display helpers shared by server and browser. */

/** 7_380_000 → "2 h 3 min", 2_700_000 → "45 min", 90_000 → "1 min 30 s", 30_000 → "30 s". */
export function formatDuration(ms: number): string {
	const totalSeconds = Math.round(ms / 1000);
	if (totalSeconds < 60) return `${totalSeconds} s`;
	// Short books keep their seconds: "2 min" for 90 s would overstate them by a third.
	if (totalSeconds < 600) {
		const s = totalSeconds % 60;
		return s ? `${Math.floor(totalSeconds / 60)} min ${s} s` : `${totalSeconds / 60} min`;
	}
	const minutes = Math.round(totalSeconds / 60);
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (!h) return `${m} min`;
	return m ? `${h} h ${m} min` : `${h} h`;
}

/** A position in a recording: 63_250 → "1:03", 3_723_000 → "1:02:03". */
export function formatTimestamp(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
