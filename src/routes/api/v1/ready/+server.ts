import { getApp } from '$lib/server/app';
import { checkReadiness } from '$lib/server/health';
import { json } from '$lib/server/http/api';

/** Readiness: 200 when the database and storage answer (sidecar down reads `degraded`), else 503. */
export const GET = async () => {
	const app = await getApp();
	const readiness = await checkReadiness({ db: app.db, storage: app.storage, inferenceUrl: app.config.INFERENCE_URL });
	return json(readiness, readiness.status === 'unavailable' ? 503 : 200);
};
