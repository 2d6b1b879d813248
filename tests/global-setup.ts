/**
 * Services shared by every test file, started once: the SMTP sink and the local OpenID provider
 * standing in for Google. Their addresses reach the workers (and, through tests/helpers/app.ts, the
 * app processes) through the environment; NODE_EXTRA_CA_CERTS makes both trust the provider's
 * self-signed certificate.
 */
import { startOidcProvider, type OidcProvider } from './services/oidc-provider';
import { startSmtpSink, type SmtpSink } from './services/smtp-sink';

let sink: SmtpSink | undefined;
let oidc: OidcProvider | undefined;

export async function setup() {
	sink = await startSmtpSink();
	process.env.TEST_SMTP_URL = sink.smtpUrl;
	process.env.TEST_SMTP_API = sink.apiUrl;

	oidc = await startOidcProvider();
	process.env.TEST_OIDC_ISSUER = oidc.issuer;
	process.env.TEST_OIDC_CLIENT_ID = oidc.clientId;
	process.env.TEST_OIDC_CLIENT_SECRET = oidc.clientSecret;
	process.env.NODE_EXTRA_CA_CERTS = oidc.caFile;
}

export async function teardown() {
	await oidc?.stop();
	await sink?.stop();
}
