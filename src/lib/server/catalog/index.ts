/** The catalog's public surface (admin side): its dependencies, built from the app context. */
import type { App } from '../app';
import type { CatalogDeps } from './admin';

export function catalogDeps(app: App): CatalogDeps {
	return {
		db: app.db,
		storage: app.storage,
		clock: Date.now,
		log: app.log,
		defaultCurrency: app.config.DEFAULT_CURRENCY,
		uploadMaxBytes: app.config.UPLOAD_MAX_BYTES,
		previewSeconds: app.config.PREVIEW_SECONDS
	};
}

export * from './admin';
export { createCategory, deleteCategory, listCategories, renameCategory, type AdminCategory } from './categories';
