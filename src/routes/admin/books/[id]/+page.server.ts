import { redirect } from '@sveltejs/kit';
import { parseMajorAmount, SUPPORTED_CURRENCIES } from '$lib/money';
import { getApp } from '$lib/server/app';
import { catalogDeps, deleteBook, getAdminBook, listCategories, setPublished, updateBook } from '$lib/server/catalog';
import { BookPatchInput } from '$lib/server/catalog/schemas';
import { fromZod, invalidInput } from '$lib/server/errors';
import { assertAdminPage } from '$lib/server/http/admin-page';
import { getPipeline, redoStep } from '$lib/server/pipeline';
import { adminChapters } from '$lib/server/chapters';
import { formAction } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	assertAdminPage(event);
	const app = await getApp();
	const [book, categories] = await Promise.all([getAdminBook(catalogDeps(app), event.params.id), listCategories(app.db)]);
	const [pipeline, chapters] = await Promise.all([getPipeline({ db: app.db, clock: Date.now }, book.id), adminChapters(app.db, book.id)]);
	return { book, categories, currencies: SUPPORTED_CURRENCIES, pipeline, chapters: chapters.chapters };
};

/** The edit form sends the price as typed ("199.50"); the API's schema takes minor units. */
async function readBookForm(request: Request) {
	const form = await request.formData();
	const text = (name: string) => String(form.get(name) ?? '');
	const currency = text('currency');
	const free = form.get('free') === 'on';
	const priceMinor = free ? 0 : parseMajorAmount(text('price'), currency);
	if (priceMinor === null) throw invalidInput('priceMinor: enter the price as a plain amount, like 199 or 199.50', 'priceMinor');
	const parsed = BookPatchInput.safeParse({
		title: text('title'),
		author: text('author'),
		narrator: text('narrator'),
		description: text('description'),
		language: text('language') || undefined,
		currency,
		free,
		priceMinor,
		categories: form.getAll('categories').map(String)
	});
	if (!parsed.success) throw fromZod(parsed.error);
	return parsed.data;
}

export const actions: Actions = {
	save: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		return formAction(async () => {
			await updateBook(catalogDeps(app), event.params.id, await readBookForm(event.request));
			return { saved: true };
		});
	},
	publish: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		return formAction(async () => {
			await setPublished(catalogDeps(app), event.params.id, true);
			return { published: true };
		});
	},
	/** Review: write the description again (the summarize step and publish rerun with a new draw). */
	redoSummary: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		return formAction(async () => {
			await redoStep({ db: app.db, clock: Date.now }, event.params.id, 'summarize');
			return { redone: true };
		});
	},
	unpublish: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		return formAction(async () => {
			await setPublished(catalogDeps(app), event.params.id, false);
			return { unpublished: true };
		});
	},
	delete: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		const failed = await formAction(() => deleteBook(catalogDeps(app), event.params.id));
		if (failed) return failed;
		redirect(303, '/admin/books');
	}
};
