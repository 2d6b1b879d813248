/**
 * Whether the browser says it is offline, for the banner and for the forms that need the server
 * (sign-in, checkout…). Unknown on the server, where pages render as online; the page catches up on
 * hydration and follows the window's online/offline events.
 */
import { online } from 'svelte/reactivity/window';

export const network = {
	get offline(): boolean {
		return online.current === false;
	}
};
