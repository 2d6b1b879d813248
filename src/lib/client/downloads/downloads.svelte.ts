/**
 * The page's view of offline downloads: one reactive state per book for DownloadControl, the storage
 * meter, and the actions (download, pause, resume, remove, forget books no longer owned). One instance
 * per tab; the bytes and records themselves live in the offline store (see $lib/offline/store).
 */
import * as m from '$lib/paraglide/messages';
import { formatMegabytes } from '$lib/offline/chunks';
import { openOfflineDb, PAGES_CACHE } from '$lib/offline/store';
import { downloadBook, isPlayable, removeBook, type DownloadDeps } from './download-book';
import { DownloadError, type DownloadErrorKind } from './rules';

export type BookDownload =
	| { status: 'none'; error?: string; errorKind?: DownloadErrorKind }
	| { status: 'downloading'; done: number; total: number }
	| { status: 'stopped'; done: number; total: number; error?: string; errorKind?: DownloadErrorKind }
	| { status: 'complete'; total: number };

export interface StorageInfo {
	usage: number;
	quota: number;
	/** null until known; false means the browser may clear downloads when space runs low. */
	persisted: boolean | null;
}

class Downloads {
	books = $state<Record<string, BookDownload>>({});
	storage = $state<StorageInfo | null>(null);
	/** Downloads in flight: their abort switch, and a promise that settles once they stopped writing. */
	#running = new Map<string, { controller: AbortController; settled: Promise<void> }>();
	#deps: Promise<DownloadDeps> | null = null;
	#askedPersist = false;

	#getDeps(): Promise<DownloadDeps> {
		this.#deps ??= openOfflineDb().then((db) => ({
			db,
			caches,
			storage: navigator.storage,
			fetch: (input, init) => fetch(input, init),
			now: () => Date.now()
		}));
		return this.#deps;
	}

	state(bookId: string): BookDownload {
		return this.books[bookId] ?? { status: 'none' };
	}

	/** Reads what is stored for these books (after a reload, or offline). */
	async load(bookIds: string[]): Promise<void> {
		const deps = await this.#getDeps();
		for (const bookId of bookIds) {
			if (this.#running.has(bookId)) continue;
			const record = await deps.db.get('downloads', bookId);
			if (!record) this.books[bookId] = { status: 'none' };
			else if (record.complete && (await isPlayable(deps, bookId))) this.books[bookId] = { status: 'complete', total: record.total };
			else this.books[bookId] = { status: 'stopped', done: record.chunksDone * record.chunkSize, total: record.total };
		}
		await this.refreshStorage();
	}

	async refreshStorage(): Promise<void> {
		if (!navigator.storage?.estimate) return;
		const [estimate, persisted] = await Promise.all([
			navigator.storage.estimate(),
			navigator.storage.persisted?.() ?? Promise.resolve(false)
		]);
		this.storage = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
	}

	/** Starts or resumes a download; `expectedSize` is the library's size of the book, `cover` its cover's URL folder. */
	async start(bookId: string, expectedSize: number, cover?: string): Promise<void> {
		if (this.#running.has(bookId)) return;
		const controller = new AbortController();
		let settle = () => {};
		this.#running.set(bookId, { controller, settled: new Promise<void>((resolve) => (settle = resolve)) });
		const before = this.state(bookId);
		const done = before.status === 'stopped' ? before.done : 0;
		this.books[bookId] = { status: 'downloading', done, total: before.status === 'stopped' ? before.total : expectedSize };
		try {
			const deps = await this.#getDeps();
			await this.#askToPersist();
			const record = await downloadBook(deps, {
				bookId,
				expectedSize,
				cover,
				signal: controller.signal,
				onProgress: (p) => {
					// Updated only when what the bar says changes: the stream reports every few kilobytes, and
					// each update repaints the bar and speaks through the live region.
					const now = this.books[bookId];
					const shown = (s: { done: number; total: number }) =>
						`${Math.floor((s.done / Math.max(1, s.total)) * 100)} ${formatMegabytes(s.done)} ${s.total}`;
					if (this.#running.get(bookId)?.controller !== controller) return;
					if (now?.status === 'downloading' && shown(now) === shown(p)) return;
					this.books[bookId] = { status: 'downloading', ...p };
				}
			});
			// The pages first: "Downloaded" promises the listener can open the book offline from now on.
			await keepPagesForOffline(['/library', `/library/${encodeURIComponent(bookId)}`]);
			this.books[bookId] = { status: 'complete', total: record.total };
		} catch (e) {
			const deps = await this.#getDeps();
			const record = await deps.db.get('downloads', bookId).catch(() => undefined);
			const error = e instanceof DownloadError ? e : null;
			const message = error?.message ?? (controller.signal.aborted ? undefined : m.download_error_stopped({ reason: (e as Error).message }));
			this.books[bookId] = record
				? { status: 'stopped', done: record.chunksDone * record.chunkSize, total: record.total, error: message, errorKind: error?.kind }
				: { status: 'none', error: message, errorKind: error?.kind };
		} finally {
			this.#running.delete(bookId);
			settle();
			await this.refreshStorage().catch(() => {});
		}
	}

	/** Stops the download in flight; what is stored stays, and Resume continues from there. */
	pause(bookId: string): void {
		this.#running.get(bookId)?.controller.abort(new DOMException('Paused', 'AbortError'));
	}

	/** Frees everything stored for the book (and stops its download, if one runs). */
	async remove(bookId: string): Promise<void> {
		await this.#stop(bookId);
		await removeBook(await this.#getDeps(), bookId);
		this.books[bookId] = { status: 'none' };
		await this.refreshStorage();
	}

	/** Deletes downloads of books not in `ownedIds` (refunded, or another account signed in on this phone). */
	async forgetAllBut(ownedIds: Iterable<string>): Promise<string[]> {
		const deps = await this.#getDeps();
		const owned = new Set(ownedIds);
		const gone = (await deps.db.getAllKeys('downloads')).filter((id) => !owned.has(id));
		for (const bookId of gone) {
			await this.#stop(bookId);
			await removeBook(deps, bookId);
			delete this.books[bookId];
		}
		if (gone.length) await this.refreshStorage();
		return gone;
	}

	/** Aborts the book's download and waits until it stopped, so no late chunk lands after a removal. */
	async #stop(bookId: string): Promise<void> {
		const running = this.#running.get(bookId);
		if (!running) return;
		running.controller.abort(new DOMException('Removed', 'AbortError'));
		await running.settled;
	}

	/**
	 * Chrome grants persistence silently (from install, engagement); Firefox asks the user. Asked once
	 * per tab, at the first download, and the answer is shown by the storage meter.
	 */
	async #askToPersist(): Promise<void> {
		if (this.#askedPersist || !navigator.storage?.persist) return;
		this.#askedPersist = true;
		const persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
		if (this.storage) this.storage = { ...this.storage, persisted };
	}
}

export const downloads = new Downloads();

/**
 * The worker keeps pages it serves, but the page a listener first downloads from was often loaded
 * before the worker took over; without this copy, reopening the library offline would show the
 * offline page instead of the downloaded book. A page that does not exist (404) is skipped.
 */
async function keepPagesForOffline(paths: string[]): Promise<void> {
	const cache = await caches.open(PAGES_CACHE);
	await Promise.all(paths.map((path) => cache.add(path).catch(() => {})));
}
