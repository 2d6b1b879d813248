import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Registered through workbox-window from the root layout, so the kit must not register it a second time.
		serviceWorker: { register: false },
		// The page CSP: the kit adds a nonce (or a hash, on prerendered pages) for its own inline scripts.
		// hooks.server.ts adds the sign-in provider's origin to form-action (a runtime setting, GOOGLE_ISSUER)
		// and HSTS when ORIGIN is https.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// style="" attributes (app.html, a few components) need unsafe-inline; with it the kit adds no
				// nonce to styles, which would switch unsafe-inline off.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				// The player streams through the app (/api/v1/library/<id>/audio), never from presigned S3 URLs.
				'media-src': ['self', 'blob:'],
				// 'self' covers ws:/wss: to the same host (the admin console) in CSP Level 3 browsers.
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'frame-ancestors': ['none'],
				'form-action': ['self'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		}
	}
};
