/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The app's worker: this version's build files from the precache, downloaded books' audio and
 * transcripts from the offline store ($lib/sw/offline-audio.ts), and pages network-first with the
 * visited copies as the offline fallback ($lib/sw/pages.ts). Everything else goes to the network.
 */
import { build, files, version } from '$service-worker';
import { answerCover, isCoverRequest } from '$lib/sw/covers';
import { answerAudio, answerTranscript, audioBookId, transcriptBookId } from '$lib/sw/offline-audio';
import { answerPage, forgetPages, isPageData, isSignOut } from '$lib/sw/pages';
import { shellCacheName, staleShellCaches } from '$lib/sw/shell';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = shellCacheName(version);
// The install sheet's screenshots are fetched by the browser once, at install; no need to keep them.
const ASSETS = new Set([...build, ...files.filter((f) => !f.startsWith('/screenshots/'))]);

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(SHELL).then((c) => c.addAll([...ASSETS])));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches.keys().then(async (keys) => {
			const older = staleShellCaches(keys, version);
			await Promise.all(older.map((k) => caches.delete(k)));
			// The first worker takes the open page at once: a book downloaded there must play from the
			// store, not the network. Updates wait for the listener's "Update" instead (AppPrompts).
			if (older.length === 0) await sw.clients.claim();
		})
	);
});

// The page's "Update available" banner (workbox-window's messageSkipWaiting) asks the waiting worker
// to take over; until then the old worker keeps serving the open tabs.
sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (isSignOut(request, url)) {
		event.waitUntil(forgetPages());
		return;
	}
	if (request.method !== 'GET') return;
	if (ASSETS.has(url.pathname)) {
		event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
		return;
	}
	const audioBook = audioBookId(url);
	if (audioBook) {
		event.respondWith(answerAudio(request, audioBook));
		return;
	}
	if (isCoverRequest(url)) {
		event.respondWith(answerCover(request));
		return;
	}
	const transcriptBook = transcriptBookId(url);
	if (transcriptBook) {
		event.respondWith(answerTranscript(request, transcriptBook));
		return;
	}
	if (request.mode === 'navigate' || isPageData(url)) {
		event.respondWith(answerPage(request, url, (write) => event.waitUntil(write)));
	}
});
