/**
 * The page's side of the service worker: registration through workbox-window (SvelteKit's own
 * registration is off in svelte.config.js), update checks, and taking a waiting worker on only when it
 * cannot cut a listener off mid-sentence.
 */
import { Workbox } from 'workbox-window';

/** Resolves once no `<audio>` on the page is playing (at once when none is). */
export function whenAudioIdle(doc: Document = document): Promise<void> {
	const playing = () => [...doc.querySelectorAll('audio')].some((a) => !a.paused && !a.ended);
	return new Promise((resolve) => {
		// Media events do not bubble, so they are caught on their way down.
		const check = () => {
			if (playing()) return;
			doc.removeEventListener('pause', check, true);
			doc.removeEventListener('ended', check, true);
			resolve();
		};
		doc.addEventListener('pause', check, true);
		doc.addEventListener('ended', check, true);
		check();
	});
}

/**
 * Fired on window right before an accepted update reloads the page. Listeners save what must survive
 * the reload (the player sends its position with keepalive, which outlives the page).
 */
export const BEFORE_UPDATE_RELOAD = 'earshelf:before-update-reload';

/** Reloads for the new version once no audio plays, telling the page first. */
export async function reloadWhenAudioIdle(win: Pick<Window, 'document' | 'dispatchEvent' | 'location'> = window): Promise<void> {
	await whenAudioIdle(win.document);
	win.dispatchEvent(new Event(BEFORE_UPDATE_RELOAD));
	win.location.reload();
}

export interface ServiceWorkerUpdates {
	/** Asks the server for a newer worker; SvelteKit does not on client-side navigation. */
	check(): void;
	/** Lets the waiting worker take over, then reloads the page once no audio is playing. */
	accept(): void;
}

/** Registers the worker at `url`; `onWaiting` runs when a new version is installed and waiting. */
export function registerServiceWorker(url: string, onWaiting: () => void): ServiceWorkerUpdates {
	const wb = new Workbox(url);
	wb.addEventListener('waiting', onWaiting);
	void wb.register();
	return {
		check() {
			wb.update().catch(() => {
				/* offline or the server is restarting: the next navigation asks again */
			});
		},
		accept() {
			wb.addEventListener('controlling', () => void reloadWhenAudioIdle());
			wb.messageSkipWaiting();
		}
	};
}
