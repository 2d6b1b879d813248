import { getApp } from '$lib/server/app';
import { AppError } from '$lib/server/errors';
import { getPipeline } from '$lib/server/pipeline';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** The admin layout already refused non-admins. */
export const load: PageServerLoad = async ({ params }) => {
	const app = await getApp();
	try {
		return await getPipeline({ db: app.db, clock: Date.now }, params.id);
	} catch (e) {
		if (e instanceof AppError && e.code === 'not_found') error(404, { message: e.message, code: 'not_found' });
		throw e;
	}
};
