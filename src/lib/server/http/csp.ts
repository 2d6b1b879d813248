/** Adjustments to the page CSP that svelte.config.js cannot know at build time. */

/**
 * Adds `origin` to form-action: the Google button posts to the app, which redirects to the provider's
 * authorization endpoint, and Chromium checks that redirect against form-action.
 */
export function allowFormActionTo(csp: string, origin: string): string {
	return csp
		.split(';')
		.map((directive) => {
			const [name, ...sources] = directive.trim().split(/\s+/);
			if (name !== 'form-action' || sources.includes(origin)) return directive.trim();
			return [name, ...sources, origin].join(' ');
		})
		.filter(Boolean)
		.join('; ');
}

/** HSTS for an https ORIGIN only: on plain http (development, tests) the header would be ignored or wrong. */
export function hstsHeader(publicOrigin: string): string | null {
	return publicOrigin.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : null;
}
