import { SUPPORTED_CURRENCIES } from '$lib/money';
import { getApp } from '$lib/server/app';
import { listCategories } from '$lib/server/catalog';
import { assertAdminPage } from '$lib/server/http/admin-page';
import { ffmpegCoreVersion } from '$lib/server/media';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	assertAdminPage(event);
	const app = await getApp();
	return {
		categories: await listCategories(app.db),
		currencies: SUPPORTED_CURRENCIES,
		defaultCurrency: app.config.DEFAULT_CURRENCY,
		maxBytes: app.config.UPLOAD_MAX_BYTES,
		ffmpegCoreBase: `/admin/ffmpeg-core/${ffmpegCoreVersion()}`
	};
};
