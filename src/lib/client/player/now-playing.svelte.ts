/**
 * The listening session, for the whole app: one audio element that outlives page changes, and
 * everything that goes with playing a book — resuming from the newer of the server's and this
 * device's place, saving as the listener goes (position-sync.ts, with its offline queue), the sleep
 * timer, clips that stop at their end, and the lock-screen controls with chapter skipping. It runs
 * the same whether the listening page is shown or the listener is elsewhere in the app: the page's
 * Player and the root layout's MiniPlayer are only views of it. One instance per tab.
 */
import { BEFORE_UPDATE_RELOAD } from '$lib/client/service-worker-updates';
import { nextChapterStart, previousChapterStart, type Chapter } from './chapters';
import { bindMediaSession, updateMediaPosition } from './media-session';
import { flushPositions, localPosition, newerPosition, positionUrl, recordPosition, sendPosition, type ObservedPosition } from './position-sync';
import { advanceSleepTimer, sleepExpired, sleepVolume, startSleepTimer, type SleepTimer } from './sleep-timer';

export interface PlayingBook {
	id: string;
	title: string;
	author: string;
	durationMs: number;
	audioPath: string;
	cover?: string;
}

export interface ServerPosition {
	positionMs: number;
	updatedAt: string | null;
}

const SAVE_EVERY_MS = 15_000;
/** Seeks come in bursts (arrow keys on the progress bar move a second a press): one save after them. */
const SAVE_AFTER_SEEK_MS = 400;

class NowPlaying {
	book = $state<PlayingBook | null>(null);
	chapters = $state<readonly Chapter[]>([]);
	paused = $state(true);
	/** Where playback is; 0 until the resume seek has happened. */
	currentMs = $state(0);
	/** The browser's duration once known (ffprobe's may differ by a frame or two), else the server's. */
	durationMs = $state(0);
	/** Played since this book was loaded: only then is there something to show when its page is left. */
	started = $state(false);
	/** A listening page shows the player (the mini-player then stays out of the way). */
	onPage = $state(false);
	sleep = $state<SleepTimer | null>(null);
	/** The menu's choice that started the sleep timer ('off' without one). */
	sleepChoice = $state('off');
	/** The last save could not reach the server and waits in this device's queue. */
	queued = $state(false);

	#audio: HTMLAudioElement | null = null;
	#listener = '';
	/** The resume seek has happened: before it, currentTime 0 is not where the listener is. */
	#resumed = false;
	/** Playback moved on this device since the last save: an idle tab must not overwrite a newer place. */
	#moved = false;
	/** Where the clip being played ends: playback pauses there. Any other seek forgets it. */
	#stopAtMs: number | null = null;
	#saveTimer: ReturnType<typeof setTimeout> | undefined;
	#endSession: (() => void) | null = null;
	#unbindMedia: (() => void) | null = null;

	/** The app's one audio element, made on first use, in the page (outside any route's markup). */
	element(): HTMLAudioElement {
		if (this.#audio) return this.#audio;
		const audio = document.createElement('audio');
		audio.preload = 'metadata';
		audio.dataset.player = 'app';
		const onEvent: Record<string, () => void> = {
			play: () => {
				this.paused = false;
				this.started = true;
				updateMediaPosition(audio);
			},
			pause: () => {
				this.paused = true;
				updateMediaPosition(audio);
				void this.save();
			},
			ended: () => {
				this.paused = true;
				this.#moved = true;
				void this.save();
			},
			timeupdate: () => {
				if (!this.#resumed) return;
				this.currentMs = Math.round(audio.currentTime * 1000);
				if (!audio.paused) this.#moved = true;
				if (this.#stopAtMs !== null && this.currentMs >= this.#stopAtMs) {
					this.#stopAtMs = null;
					audio.pause();
				}
			},
			loadedmetadata: () => {
				if (Number.isFinite(audio.duration) && audio.duration > 0) this.durationMs = Math.round(audio.duration * 1000);
				if (!this.#resumed) {
					audio.currentTime = this.#clamp(this.currentMs) / 1000;
					this.#resumed = true;
				}
				updateMediaPosition(audio);
			},
			seeked: () => updateMediaPosition(audio),
			ratechange: () => updateMediaPosition(audio)
		};
		for (const [type, handler] of Object.entries(onEvent)) audio.addEventListener(type, handler);
		document.body.append(audio);
		this.#audio = audio;
		return audio;
	}

	/**
	 * A listening page shows this book. When it is already loaded (the listener came back to it while
	 * it played on), it stays where it is, as it is; otherwise it is loaded and resumes from the newer
	 * of the server's and this device's saved place. Returns the element, for the page's own
	 * listeners (buffering, errors).
	 */
	open(book: PlayingBook, listener: string, serverPosition: ServerPosition, chapters: readonly Chapter[]): HTMLAudioElement {
		const audio = this.element();
		const continuing = this.book?.id === book.id && this.#listener === listener && audio.currentSrc !== '';
		if (!continuing) {
			// Another book was playing in the background: its place is kept before it is replaced.
			if (this.book) void this.save(true);
			this.#endSession?.();
			audio.pause();
			this.#resumed = false;
			this.#moved = false;
			this.#stopAtMs = null;
			this.started = false;
			this.sleep = null;
			this.sleepChoice = 'off';
			audio.volume = 1;
			this.#listener = listener;
			this.book = book;
			this.chapters = chapters;
			this.durationMs = book.durationMs;
			const server: ObservedPosition | null = serverPosition.updatedAt ? { positionMs: serverPosition.positionMs, at: serverPosition.updatedAt } : null;
			const start = newerPosition(server, localPosition(localStorage, listener, book.id));
			this.currentMs = this.#clamp(start?.positionMs ?? 0);
			audio.src = book.audioPath;
			this.#endSession = this.#session(audio, book);
			// Sends this user's queue from earlier visits (this book's newer local copy among them).
			if (navigator.onLine) void this.#flush();
		} else {
			// The page's data is the newest word on the book (an admin may have edited its chapters).
			this.book = book;
			this.chapters = chapters;
		}
		this.#bindMedia(audio, book);
		this.onPage = true;
		return audio;
	}

	/** The listening page is left: playback goes on, and the place is saved now. */
	leave() {
		this.onPage = false;
		void this.save(true);
	}

	async play(): Promise<'playing' | 'refused'> {
		const audio = this.#audio;
		if (!audio) return 'refused';
		try {
			await audio.play();
			return 'playing';
		} catch (e) {
			// An interrupted play (a pause or a new source) is no failure.
			return (e as DOMException).name === 'AbortError' ? 'playing' : 'refused';
		}
	}

	pause() {
		this.#audio?.pause();
	}

	toggle() {
		if (!this.#audio) return;
		if (this.#audio.paused) void this.play();
		else this.#audio.pause();
	}

	seekTo(ms: number) {
		const audio = this.#audio;
		if (!audio) return;
		this.#stopAtMs = null;
		const to = this.#clamp(ms);
		audio.currentTime = to / 1000;
		this.currentMs = to;
		this.#moved = true;
		clearTimeout(this.#saveTimer);
		// Not on `seeked`, which never comes offline when the new place is not buffered.
		this.#saveTimer = setTimeout(() => void this.save(), SAVE_AFTER_SEEK_MS);
	}

	skip(deltaMs: number) {
		if (this.#audio) this.seekTo(this.#audio.currentTime * 1000 + deltaMs);
	}

	/** Plays from startMs; with endMs (a clip), pauses there. */
	playRange(startMs: number, endMs: number | null = null): Promise<'playing' | 'refused'> {
		this.seekTo(startMs);
		this.#stopAtMs = endMs;
		return this.play();
	}

	previousChapter() {
		this.seekTo(previousChapterStart(this.chapters, this.currentMs));
	}

	nextChapter() {
		const next = nextChapterStart(this.chapters, this.currentMs);
		if (next !== null) this.seekTo(next);
	}

	/** 'off' or a number of minutes, as the player's menu offers them. */
	setSleep(choice: string) {
		this.sleepChoice = choice;
		this.sleep = choice === 'off' ? null : startSleepTimer(Number(choice));
		if (this.#audio) this.#audio.volume = 1;
	}

	/** Records this device's place (when playback moved) and sends it, or queues it offline. */
	async save(keepalive = false) {
		const audio = this.#audio;
		const book = this.book;
		if (!audio || !book || !this.#resumed) return;
		if (this.#moved) {
			recordPosition(localStorage, this.#listener, book.id, audio.currentTime * 1000, new Date());
			this.#moved = false;
		}
		const outcome = await sendPosition(localStorage, fetch, this.#listener, book.id, { keepalive });
		if (outcome !== 'nothing') this.queued = outcome === 'queued';
	}

	#clamp(ms: number) {
		return Math.min(Math.max(0, ms), this.durationMs || Number.MAX_SAFE_INTEGER);
	}

	async #flush() {
		const outcomes = await flushPositions(localStorage, fetch, this.#listener);
		this.queued = Object.values(outcomes).includes('queued');
	}

	/** Takes a newer place saved by another device, unless this one is playing or has moved. */
	async #catchUp(audio: HTMLAudioElement, bookId: string) {
		if (!audio.paused || this.#moved || !this.#resumed || !navigator.onLine) return;
		try {
			const res = await fetch(positionUrl(bookId), { credentials: 'same-origin' });
			if (!res.ok) return;
			const server = (await res.json()) as ServerPosition;
			const mine = localPosition(localStorage, this.#listener, bookId);
			const theirs = server.updatedAt ? { positionMs: server.positionMs, at: server.updatedAt } : null;
			// Checked again: the listener may have pressed play while the request was out.
			if (theirs && audio.paused && !this.#moved && this.book?.id === bookId && newerPosition(mine, theirs) === theirs) {
				audio.currentTime = this.#clamp(theirs.positionMs) / 1000;
				this.currentMs = this.#clamp(theirs.positionMs);
			}
		} catch {
			/* offline: the place on this device stands */
		}
	}

	/** The lock screen's controls; previous/next only for a book with chapters (else they seek). */
	#bindMedia(audio: HTMLAudioElement, book: PlayingBook) {
		this.#unbindMedia?.();
		this.#unbindMedia = bindMediaSession(book, {
			play: () => void this.play(),
			pause: () => audio.pause(),
			skip: (deltaMs) => this.skip(deltaMs),
			seekTo: (ms) => this.seekTo(ms),
			...(this.chapters.length ? { previousTrack: () => this.previousChapter(), nextTrack: () => this.nextChapter() } : {})
		});
		updateMediaPosition(audio);
	}

	/** What runs while a book is loaded, on any page: timers, saving when the tab goes or comes back. */
	#session(audio: HTMLAudioElement, book: PlayingBook): () => void {
		let lastTick = performance.now();
		const ticker = setInterval(() => {
			const now = performance.now();
			const sleep = this.sleep;
			if (sleep && !audio.paused) {
				const timer = advanceSleepTimer(sleep, now - lastTick);
				audio.volume = sleepVolume(timer);
				this.sleep = timer;
				if (sleepExpired(timer)) {
					audio.pause();
					audio.volume = 1;
					this.sleep = null;
					this.sleepChoice = 'off';
				}
			}
			lastTick = now;
		}, 250);
		const saver = setInterval(() => {
			if (!audio.paused) void this.save();
		}, SAVE_EVERY_MS);
		const onVisibility = () => {
			if (document.visibilityState === 'hidden') void this.save(true);
			else void this.#catchUp(audio, book.id);
		};
		const onLeaving = () => void this.save(true);
		const onOnline = () => void this.#flush();
		document.addEventListener('visibilitychange', onVisibility);
		window.addEventListener('pagehide', onLeaving);
		window.addEventListener(BEFORE_UPDATE_RELOAD, onLeaving);
		window.addEventListener('online', onOnline);
		return () => {
			clearInterval(ticker);
			clearInterval(saver);
			clearTimeout(this.#saveTimer);
			this.#unbindMedia?.();
			this.#unbindMedia = null;
			document.removeEventListener('visibilitychange', onVisibility);
			window.removeEventListener('pagehide', onLeaving);
			window.removeEventListener(BEFORE_UPDATE_RELOAD, onLeaving);
			window.removeEventListener('online', onOnline);
		};
	}
}

export const nowPlaying = new NowPlaying();
