import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { upgradeBridge } from './src/lib/server/http/vite-upgrade';

export default defineConfig({
	plugins: [sveltekit(), upgradeBridge()]
});
