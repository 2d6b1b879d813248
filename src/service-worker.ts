/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Minimal app-shell worker: precaches this version's build files and serves them cache-first; every
 * other request goes to the network. Offline audio and transcripts come with the PWA work.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `shell-${version}`;
// The install sheet's screenshots are fetched by the browser once, at install; no need to keep them.
const ASSETS = new Set([...build, ...files.filter((f) => !f.startsWith('/screenshots/'))]);

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(SHELL).then((c) => c.addAll([...ASSETS])));
});

sw.addEventListener('activate', (event) => {
	// Only this worker's own versioned shell caches are swept; other caches (downloads) are kept.
	event.waitUntil(
		caches.keys().then((keys) =>
			Promise.all(keys.filter((k) => k.startsWith('shell-') && k !== SHELL).map((k) => caches.delete(k)))
		)
	);
});

// The page's "Update available" banner (workbox-window's messageSkipWaiting) asks the waiting worker
// to take over; until then the old worker keeps serving the open tabs.
sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (event.request.method !== 'GET' || url.origin !== sw.location.origin || !ASSETS.has(url.pathname)) return;
	event.respondWith(caches.match(event.request).then((hit) => hit ?? fetch(event.request)));
});
