import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { upgradeBridge } from './src/lib/server/http/vite-upgrade';

export default defineConfig({
	plugins: [sveltekit(), upgradeBridge()],
	// Pre-bundling would move @ffmpeg/ffmpeg away from its worker.js, which it starts with
	// new Worker(new URL('./worker.js', import.meta.url)); the dev server must serve it as is.
	optimizeDeps: { exclude: ['@ffmpeg/ffmpeg'] }
});
