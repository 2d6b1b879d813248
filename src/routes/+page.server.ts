import { getApp } from '$lib/server/app';
import { BrowseInput, browseBooks, browseParams, categories } from '$lib/server/catalog/browse';
import type { PageServerLoad } from './$types';

/** The storefront: the same query parameters as GET /api/v1/catalog/books, from a plain GET form. */
export const load: PageServerLoad = async ({ url }) => {
	const { db, shelves } = await getApp();
	const parsed = BrowseInput.safeParse(browseParams(url.searchParams));
	const input = parsed.success ? parsed.data : BrowseInput.parse({});
	const [page, allCategories] = await Promise.all([browseBooks(db, input, shelves), categories(db)]);
	return {
		...page,
		categories: allCategories,
		selected: input.category,
		q: input.q,
		sort: input.sort,
		paged: Boolean(input.cursor),
		problem: !parsed.success
	};
};
