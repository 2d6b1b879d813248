/**
 * The lock screen and notification controls (Media Session API): what is playing, and the buttons
 * that act on the player. Browsers without it simply get none.
 */
import { COVER_WIDTHS, coverSrc } from '$lib/covers';

export interface MediaActions {
	play(): void;
	pause(): void;
	/** Moves by `deltaMs` (negative: back). */
	skip(deltaMs: number): void;
	seekTo(ms: number): void;
	/** Books with chapters: the lock screen's previous/next buttons go by chapter. */
	previousTrack?(): void;
	nextTrack?(): void;
}

export const BACK_MS = 15_000;
export const FORWARD_MS = 30_000;

/** The lock screen's pictures: the book's cover (kept offline with a downloaded book), else the app icon. */
export function artworkFor(cover: string | undefined): MediaImage[] {
	if (!cover) {
		return [
			{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
			{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' }
		];
	}
	return COVER_WIDTHS.map((w) => ({ src: coverSrc(cover, w), sizes: `${w}x${w}`, type: 'image/webp' }));
}

/** Sets the metadata and handlers; returns a function that removes them (leaving the page). */
export function bindMediaSession(meta: { title: string; author: string; cover?: string }, actions: MediaActions): () => void {
	if (typeof navigator === 'undefined' || !('mediaSession' in navigator)) return () => {};
	const session = navigator.mediaSession;
	session.metadata = new MediaMetadata({
		title: meta.title,
		artist: meta.author,
		album: 'Earshelf',
		artwork: artworkFor(meta.cover)
	});
	const handlers: Array<[MediaSessionAction, MediaSessionActionHandler]> = [
		['play', () => actions.play()],
		['pause', () => actions.pause()],
		['seekbackward', (d) => actions.skip(-(d.seekOffset ? d.seekOffset * 1000 : BACK_MS))],
		['seekforward', (d) => actions.skip(d.seekOffset ? d.seekOffset * 1000 : FORWARD_MS)],
		['seekto', (d) => d.seekTime !== undefined && actions.seekTo(d.seekTime * 1000)]
	];
	const { previousTrack, nextTrack } = actions;
	if (previousTrack) handlers.push(['previoustrack', () => previousTrack()]);
	if (nextTrack) handlers.push(['nexttrack', () => nextTrack()]);
	for (const [action, handler] of handlers) {
		try {
			session.setActionHandler(action, handler);
		} catch {
			/* an action this browser does not know */
		}
	}
	return () => {
		for (const [action] of handlers) {
			try {
				session.setActionHandler(action, null);
			} catch {
				/* as above */
			}
		}
		session.metadata = null;
	};
}

/** Keeps the lock screen's progress bar right; it throws on a position past the duration. */
export function updateMediaPosition(audio: HTMLMediaElement): void {
	if (typeof navigator === 'undefined' || !('mediaSession' in navigator)) return;
	navigator.mediaSession.playbackState = audio.paused ? 'paused' : 'playing';
	if (!Number.isFinite(audio.duration) || audio.duration <= 0) return;
	try {
		navigator.mediaSession.setPositionState({
			duration: audio.duration,
			playbackRate: audio.playbackRate,
			position: Math.min(audio.currentTime, audio.duration)
		});
	} catch {
		/* a browser without setPositionState */
	}
}
