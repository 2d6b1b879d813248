/**
 * What is playing, for the whole app: one audio element that outlives page changes, so a book keeps
 * playing when the listener leaves its page. The listening page's Player adopts the element while it
 * is shown (and does everything as before); when the page is left, playback goes on here, with the
 * same position saving (position-sync.ts), sleep timer and lock-screen controls, and the root
 * layout's MiniPlayer shows it. One instance per tab.
 */
import { bindMediaSession, updateMediaPosition } from './media-session';
import { recordPosition, sendPosition } from './position-sync';
import { advanceSleepTimer, sleepExpired, sleepVolume, type SleepTimer } from './sleep-timer';

export interface PlayingBook {
	id: string;
	title: string;
	author: string;
	durationMs: number;
	audioPath: string;
}

/** The sleep timer as the player's menu shows it: the running timer and the choice that started it. */
export interface SleepHandover {
	timer: SleepTimer;
	choice: string;
}

const SAVE_EVERY_MS = 15_000;

class NowPlaying {
	book = $state<PlayingBook | null>(null);
	paused = $state(true);
	currentMs = $state(0);
	/** The browser's duration once known, else the server's. */
	durationMs = $state(0);
	/** Played since this book was loaded: only then is there something to show when its page is left. */
	started = $state(false);
	/** A listening page holds the player (the mini-player then stays out of the way). */
	onPage = $state(false);

	#audio: HTMLAudioElement | null = null;
	#listener = '';
	#sleep: SleepHandover | null = null;
	#stopBackground: (() => void) | null = null;

	/** The app's one audio element, made on first use, in the page (outside any route's markup). */
	element(): HTMLAudioElement {
		if (this.#audio) return this.#audio;
		const audio = document.createElement('audio');
		audio.preload = 'metadata';
		audio.dataset.player = 'app';
		const sync = () => {
			this.paused = audio.paused;
			this.currentMs = Math.round(audio.currentTime * 1000);
			if (Number.isFinite(audio.duration) && audio.duration > 0) this.durationMs = Math.round(audio.duration * 1000);
		};
		for (const type of ['play', 'pause', 'ended', 'timeupdate', 'loadedmetadata', 'seeked']) audio.addEventListener(type, sync);
		audio.addEventListener('play', () => (this.started = true));
		document.body.append(audio);
		this.#audio = audio;
		return audio;
	}

	/**
	 * The listening page takes over. `continuing`: this book is already loaded (the listener came back
	 * to it), so the page keeps its place and state instead of resuming from the saved position.
	 */
	adopt(book: PlayingBook, listener: string): { audio: HTMLAudioElement; continuing: boolean; sleep: SleepHandover | null } {
		this.#stopBackground?.();
		this.#stopBackground = null;
		const audio = this.element();
		const continuing = this.book?.id === book.id && this.#listener === listener && audio.currentSrc !== '';
		if (!continuing) {
			// Another book was playing in the background: its place is kept before it is replaced.
			if (this.book && this.started) this.#saveNow(this.book.id, this.#listener);
			audio.pause();
			audio.src = book.audioPath;
			this.started = false;
			this.currentMs = 0;
			this.#sleep = null;
		}
		this.book = book;
		this.durationMs = continuing ? this.durationMs || book.durationMs : book.durationMs;
		this.#listener = listener;
		this.onPage = true;
		const sleep = this.#sleep;
		this.#sleep = null;
		return { audio, continuing, sleep };
	}

	/** The listening page is left: playback goes on, and is saved and controlled from here. */
	release(sleep: SleepHandover | null) {
		this.onPage = false;
		this.#sleep = sleep;
		if (this.#audio && this.book) this.#stopBackground = this.#background(this.#audio, this.book, this.#listener);
	}

	toggle() {
		const audio = this.#audio;
		if (!audio) return;
		if (audio.paused) audio.play().catch(() => {});
		else audio.pause();
	}

	#saveNow(bookId: string, listener: string, keepalive = false) {
		if (!this.#audio) return;
		recordPosition(localStorage, listener, bookId, this.#audio.currentTime * 1000, new Date());
		void sendPosition(localStorage, fetch, listener, bookId, { keepalive });
	}

	#background(audio: HTMLAudioElement, book: PlayingBook, listener: string): () => void {
		const save = (keepalive = false) => this.#saveNow(book.id, listener, keepalive);
		const seekTo = (ms: number) => {
			const max = this.durationMs || book.durationMs;
			audio.currentTime = Math.min(Math.max(0, ms), max) / 1000;
			save();
		};
		const unbindMedia = bindMediaSession(book, {
			play: () => void audio.play().catch(() => {}),
			pause: () => audio.pause(),
			skip: (deltaMs) => seekTo(audio.currentTime * 1000 + deltaMs),
			seekTo
		});
		updateMediaPosition(audio);
		const onPause = () => {
			updateMediaPosition(audio);
			save();
		};
		const onPlay = () => updateMediaPosition(audio);
		audio.addEventListener('pause', onPause);
		audio.addEventListener('play', onPlay);
		let lastTick = performance.now();
		const ticker = setInterval(() => {
			const now = performance.now();
			const sleep = this.#sleep;
			if (sleep && !audio.paused) {
				const timer = advanceSleepTimer(sleep.timer, now - lastTick);
				audio.volume = sleepVolume(timer);
				this.#sleep = { ...sleep, timer };
				if (sleepExpired(timer)) {
					audio.pause();
					audio.volume = 1;
					this.#sleep = null;
				}
			}
			lastTick = now;
		}, 250);
		const saver = setInterval(() => {
			if (!audio.paused) save();
		}, SAVE_EVERY_MS);
		const onPageHide = () => save(true);
		window.addEventListener('pagehide', onPageHide);
		return () => {
			clearInterval(ticker);
			clearInterval(saver);
			unbindMedia();
			audio.removeEventListener('pause', onPause);
			audio.removeEventListener('play', onPlay);
			window.removeEventListener('pagehide', onPageHide);
		};
	}
}

export const nowPlaying = new NowPlaying();
