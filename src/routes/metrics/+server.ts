import { createHash, timingSafeEqual } from 'node:crypto';
import { getApp } from '$lib/server/app';
import { errorResponse, unauthenticated } from '$lib/server/errors';

/** Prometheus text format; with METRICS_TOKEN set, only for `Authorization: Bearer <METRICS_TOKEN>`. */
export const GET = async ({ request }) => {
	const app = await getApp();
	const token = app.config.secrets.metricsToken;
	if (token && !sameSecret(request.headers.get('authorization') ?? '', `Bearer ${token}`)) {
		return errorResponse(unauthenticated('Scrape /metrics with Authorization: Bearer <METRICS_TOKEN>.'));
	}
	const body = await app.metrics.registry.metrics();
	return new Response(body, { headers: { 'content-type': app.metrics.registry.contentType, 'cache-control': 'no-store' } });
};

function sameSecret(given: string, expected: string): boolean {
	const digest = (s: string) => createHash('sha256').update(s).digest();
	return timingSafeEqual(digest(given), digest(expected));
}
