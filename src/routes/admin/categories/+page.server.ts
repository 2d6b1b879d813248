import { z } from 'zod';
import { getApp } from '$lib/server/app';
import { createCategory, deleteCategory, listCategories, renameCategory } from '$lib/server/catalog';
import { CategoryPatchInput, NewCategoryInput } from '$lib/server/catalog/schemas';
import { fromZod } from '$lib/server/errors';
import { assertAdminPage } from '$lib/server/http/admin-page';
import { formAction } from '$lib/server/http/forms';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	assertAdminPage(event);
	const app = await getApp();
	return { categories: await listCategories(app.db) };
};

/**
 * Form fields with empty inputs left out ("no slug" means "derive it from the name"), except the
 * `clearable` ones, where an emptied input clears the saved value (a Thai name, a description).
 */
async function readFields<S extends z.ZodType>(request: Request, schema: S, clearable: readonly string[] = []): Promise<z.infer<S>> {
	const fields: Record<string, string> = {};
	for (const [k, v] of await request.formData()) if (typeof v === 'string' && (v.trim() !== '' || clearable.includes(k))) fields[k] = v;
	const parsed = schema.safeParse(fields);
	if (!parsed.success) throw fromZod(parsed.error);
	return parsed.data;
}

const WithId = z.object({ id: z.string().min(1, 'is required') });

export const actions: Actions = {
	create: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		return formAction(async () => {
			const category = await createCategory({ db: app.db, clock: Date.now }, await readFields(event.request, NewCategoryInput));
			return { done: m.category_added({ name: category.name }) };
		});
	},
	rename: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		return formAction(async () => {
			const { id, ...patch } = await readFields(event.request, CategoryPatchInput.extend(WithId.shape), ['nameTh', 'description']);
			const category = await renameCategory(app.db, id, patch);
			return { done: m.category_saved({ name: category.name }) };
		});
	},
	delete: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		return formAction(async () => {
			const { id } = await readFields(event.request, WithId);
			await deleteCategory(app.db, id);
			return { done: m.category_deleted() };
		});
	}
};
