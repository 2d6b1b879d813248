import { getApp } from '$lib/server/app';
import { fromZod } from '$lib/server/errors';
import { assertAdminPage } from '$lib/server/http/admin-page';
import { formAction } from '$lib/server/http/forms';
import { getPublishPolicy, PublishPolicy, setPublishPolicy } from '$lib/server/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	assertAdminPage(event);
	const app = await getApp();
	return { publishPolicy: await getPublishPolicy(app.db) };
};

export const actions: Actions = {
	save: async (event) => {
		assertAdminPage(event);
		const app = await getApp();
		return formAction(async () => {
			const parsed = PublishPolicy.safeParse((await event.request.formData()).get('publishPolicy'));
			if (!parsed.success) throw fromZod(parsed.error);
			await setPublishPolicy(app.db, parsed.data, Date.now());
			return { saved: true };
		});
	}
};
