import { getApp } from '$lib/server/app';
import { catalogDeps, listAdminBooks } from '$lib/server/catalog';
import { assertAdminPage } from '$lib/server/http/admin-page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	assertAdminPage(event);
	const app = await getApp();
	return listAdminBooks(catalogDeps(app), { limit: 500, offset: 0 });
};
