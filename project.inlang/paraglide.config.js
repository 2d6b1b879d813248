// Read by the Vite plugin (vite.config.ts, vitest.config.ts) and by `paraglide-js compile` (make check).
// The locale is never in the URL: the service worker caches by URL, so a page keeps one address in
// every language. The cookie is written by POST /language (the switcher in the root layout).
export default {
	outdir: './src/lib/paraglide',
	strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'earshelf-locale',
	emitTsDeclarations: false
};
