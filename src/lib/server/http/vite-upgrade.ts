/**
 * Dev and preview servers: route WebSocket upgrades for the app's own paths into the same registry the
 * production server uses, leaving Vite's HMR socket alone. Imported by vite.config.ts, so relative
 * imports only.
 */
import type { Plugin } from 'vite';
import { dispatchUpgrade } from './upgrade';

export function upgradeBridge(): Plugin {
	return {
		name: 'earshelf-upgrade-bridge',
		configureServer(server) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (req.headers['sec-websocket-protocol']?.includes('vite-hmr')) return;
				dispatchUpgrade(req, socket, head);
			});
		},
		configurePreviewServer(server) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (!dispatchUpgrade(req, socket, head)) socket.destroy();
			});
		}
	};
}
