/**
 * A real OpenID provider on loopback (the `oidc-provider` package over https with a certificate made at
 * start), standing in for Google in the integration tests and the e2e journeys.
 *
 * Accounts: whatever login is typed at the provider's development login form (devInteractions) is the
 * account; the password is ignored. Claims of login L:
 *   sub            = a stable hash of L (the same login is the same Google user across runs)
 *   email          = L when it looks like an email address
 *   email_verified = false when L starts with "unverified", true otherwise
 *   name           = the part of L before "@"
 *
 * Redirect URIs: every test app listens on its own port, so the one client is registered as a native
 * (RFC 8252) client with http://127.0.0.1/auth/callback/google; for loopback redirect URIs of native
 * clients the provider ignores the port (RFC 8252 §7.3), so any app port on 127.0.0.1 is accepted, and
 * nothing else is. The client is still confidential: it authenticates with its secret at the token
 * endpoint, as the app does with Google.
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Provider from 'oidc-provider';

export interface OidcProvider {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** PEM of the self-signed certificate; give it to Node as NODE_EXTRA_CA_CERTS. */
	caFile: string;
	stop(): Promise<void>;
}

/** The claims the provider releases for a login typed at its form. */
export function claimsForLogin(login: string) {
	return {
		sub: subjectFor(login),
		email: /^[^\s@]+@[^\s@]+$/.test(login) ? login : undefined,
		email_verified: !login.startsWith('unverified'),
		name: login.split('@')[0] || login
	};
}

/** Like Google's, a subject that is stable per account but is not the email address. */
function subjectFor(login: string): string {
	return `acct-${createHash('sha256').update(login).digest('hex').slice(0, 24)}`;
}

function selfSignedCertificate(dir: string): { key: string; cert: string; certFile: string } {
	const keyFile = path.join(dir, 'key.pem');
	const certFile = path.join(dir, 'cert.pem');
	execFileSync(
		'openssl',
		[
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
			'-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=Earshelf test OpenID provider',
			'-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'
		],
		{ stdio: 'pipe' }
	);
	return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export async function startOidcProvider(): Promise<OidcProvider> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-oidc-'));
	const { key, cert, certFile } = selfSignedCertificate(dir);

	// The issuer URL carries the port, so listen first and attach the provider afterwards.
	let handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = (_q, r) => {
		r.statusCode = 503;
		r.end();
	};
	const server = https.createServer({ key, cert }, (req, res) => handler(req, res));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const clientId = 'earshelf-test';
	const clientSecret = randomBytes(24).toString('base64url');
	const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: clientId,
				client_secret: clientSecret,
				application_type: 'native',
				redirect_uris: ['http://127.0.0.1/auth/callback/google'],
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_basic',
				// The provider always makes `sub` the account id (here: the login typed); a pairwise
				// subject is its hook for releasing another stable identifier instead.
				subject_type: 'pairwise'
			}
		],
		subjectTypes: ['public', 'pairwise'],
		pairwiseIdentifier: async (_ctx, accountId) => subjectFor(accountId),
		jwks: { keys: [{ ...signingKey, kid: 'test-rs256', use: 'sig', alg: 'RS256' }] },
		cookies: { keys: [randomBytes(32).toString('base64url')] },
		claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
		// Google puts email and name in the ID token, and Auth.js reads the profile from it.
		conformIdTokenClaims: false,
		features: { devInteractions: { enabled: true } },
		async findAccount(_ctx, accountId) {
			return { accountId, claims: async () => claimsForLogin(accountId) };
		}
	});
	// Errors inside the provider would otherwise only surface as a 500 page in the test output.
	provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));
	handler = provider.callback();

	return {
		issuer,
		clientId,
		clientSecret,
		caFile: certFile,
		async stop() {
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
