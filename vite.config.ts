import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { upgradeBridge } from './src/lib/server/http/vite-upgrade';

export default defineConfig({
	// Before the kit, so src/lib/paraglide exists when the kit's type generation and the build look for it.
	plugins: [paraglideVitePlugin({ project: './project.inlang' }), sveltekit(), upgradeBridge()],
	// Pre-bundling would move @ffmpeg/ffmpeg away from its worker.js, which it starts with
	// new Worker(new URL('./worker.js', import.meta.url)); the dev server must serve it as is.
	optimizeDeps: { exclude: ['@ffmpeg/ffmpeg'] }
});
