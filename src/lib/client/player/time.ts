/** Times as the player shows and speaks them. */
import { formatTimestamp } from '$lib/format';

/** The remaining time, shown with a minus as players do: "-1:02:03". */
export function formatRemaining(positionMs: number, durationMs: number): string {
	return `-${formatTimestamp(Math.max(0, durationMs - positionMs))}`;
}

/** For screen readers: 3_723_000 → "1 hour 2 minutes 3 seconds", 0 → "0 seconds". */
export function spokenTime(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const parts: Array<[number, string]> = [
		[Math.floor(total / 3600), 'hour'],
		[Math.floor((total % 3600) / 60), 'minute'],
		[total % 60, 'second']
	];
	const said = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
	return said.length ? said.join(' ') : '0 seconds';
}

/** The progress bar's aria-valuetext: "12 minutes 5 seconds of 1 hour 3 minutes". */
export function progressText(positionMs: number, durationMs: number): string {
	return `${spokenTime(positionMs)} of ${spokenTime(durationMs)}`;
}
