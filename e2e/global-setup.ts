/**
 * Starts what the journeys need, once: the SMTP sink, the local OpenID provider (as Google), the real
 * inference sidecar (Whisper and the LLM, as tests/helpers/pipeline.ts starts it) and the production
 * app on SQLite wired to all three. Their addresses, and the first admin the app printed when it
 * started, reach the tests through the environment (E2E_APP_URL, E2E_SMTP_API, E2E_OIDC_ISSUER,
 * E2E_INFERENCE_URL, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_DATABASE_URL) and .test/e2e-services.json;
 * the function returned is Playwright's global teardown and stops them all. Without the models (`make
 * models`) the sidecar is not started, E2E_INFERENCE_MISSING says why, and the pipeline journey is skipped.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp } from '../tests/helpers/app';
import { missingModels, startSidecar, type Sidecar } from '../tests/helpers/pipeline';
import { startOidcProvider } from '../tests/services/oidc-provider';
import { startSmtpSink } from '../tests/services/smtp-sink';

const root = path.resolve(import.meta.dirname, '..');

export default async function globalSetup() {
	if (!existsSync(path.join(root, 'build/handler.js'))) {
		throw new Error('No production build in build/. Run `npx vite build` (or `make build`) first.');
	}
	const sink = await startSmtpSink();
	const oidc = await startOidcProvider();
	const missing = missingModels();
	let sidecar: Sidecar | null = null;
	if (missing) {
		console.warn(`[e2e] no inference sidecar: ${missing}`);
		process.env.E2E_INFERENCE_MISSING = missing;
	} else {
		sidecar = await startSidecar().catch(async (e) => {
			await Promise.all([oidc.stop(), sink.stop()]);
			throw e;
		});
	}
	const stopServices = () => Promise.all([oidc.stop(), sink.stop(), sidecar?.kill('SIGTERM')]);
	// tests/helpers/app.ts hands both to the app process: mail goes to the sink, and Node trusts the
	// provider's self-signed certificate.
	process.env.TEST_SMTP_URL = sink.smtpUrl;
	process.env.NODE_EXTRA_CA_CERTS = oidc.caFile;
	process.env.TEST_DB = 'sqlite';
	const app = await startTestApp({
		GOOGLE_CLIENT_ID: oidc.clientId,
		GOOGLE_CLIENT_SECRET: oidc.clientSecret,
		GOOGLE_ISSUER: oidc.issuer,
		...(sidecar ? { INFERENCE_URL: sidecar.url } : {}),
		// A journey watches the pipeline run: steps are picked up within 100 ms, not the default second.
		PIPELINE_POLL_MS: '100'
	}).catch(async (e) => {
		await stopServices();
		throw e;
	});

	if (!app.admin.email || !app.admin.password) {
		await Promise.all([app.stop(), stopServices()]);
		throw new Error(`The app did not print the first admin's email and password:\n${app.output()}`);
	}
	const services = {
		appUrl: app.url,
		smtpApi: sink.apiUrl,
		oidcIssuer: oidc.issuer,
		inferenceUrl: sidecar?.url ?? null,
		admin: app.admin,
		databaseUrl: app.databaseUrl
	};
	process.env.E2E_APP_URL = services.appUrl;
	process.env.E2E_SMTP_API = services.smtpApi;
	process.env.E2E_OIDC_ISSUER = services.oidcIssuer;
	if (sidecar) process.env.E2E_INFERENCE_URL = sidecar.url;
	process.env.E2E_ADMIN_EMAIL = app.admin.email;
	process.env.E2E_ADMIN_PASSWORD = app.admin.password;
	// Journeys that need a transcript without waiting for the pipeline store it with the pipeline's own
	// functions in this database.
	process.env.E2E_DATABASE_URL = app.databaseUrl;
	mkdirSync(path.join(root, '.test'), { recursive: true });
	writeFileSync(path.join(root, '.test/e2e-services.json'), JSON.stringify(services, null, 2));

	return async () => {
		await app.stop();
		await stopServices();
	};
}
