// k6 load test of the auth API (run it with `make load-auth`, which starts a production build on
// loopback; see scripts/load.sh). Two kinds of traffic at once, as in production:
//  - journeys: each iteration signs up a new account and walks its whole life: sign in, me, refresh,
//    me with the new token, sign out, and me again, which must now be refused. bcrypt-bound: every
//    sign-up and sign-in costs one bcrypt at BCRYPT_COST (11 by default).
//  - tokens: clients that keep one session and mostly call me, refreshing their tokens now and then.
// Every VU presents its own X-Forwarded-For address (the app trusts it: ADDRESS_HEADER) and every
// account its own email, so per-IP and per-account limits measure nothing here.
import { check, fail, sleep } from 'k6';
import http from 'k6/http';
import { clientAddress, rampingScenario } from './lib/traffic.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3000';
// Emails carry a run id so that a second run against the same database signs up new accounts.
const RUN_ID = __ENV.RUN_ID || Date.now().toString(36);

export const options = {
	scenarios: {
		journeys: rampingScenario('journey', 6),
		tokens: rampingScenario('tokenTraffic', 12)
	},
	// p95 budgets, from runs on this project's 2-core machine at bcrypt cost 11 with k6 on the same
	// cores (and other jobs beside it: load average 6 to 9), about twice the p95 seen there:
	//  - sign-up, sign-in: p95 1.4 to 1.65 s. One bcrypt takes about 120 ms of a core; 6 journey VUs
	//    keep up to 6 in flight on 2 cores and a 4-thread libuv pool, so each waits for the others.
	//  - me, refresh, sign-out: budget 250 ms. Each costs well under 1 ms of CPU, but a token's first
	//    signature check runs in WebCrypto on the same 4-thread libuv pool as bcrypt, so it can queue
	//    behind whole bcrypt jobs: p95 was 0.5 to 0.6 s for me and refresh when every call was checked
	//    that way. Since a token's signature is checked once and its session check is kept for a second
	//    (src/lib/server/auth/session-checks.ts), a quiet run (sign-in p95 0.32 s) gave 7 ms (me), 19 ms (refresh) and
	//    5 ms (sign-out); 250 ms leaves room for a busy machine.
	thresholds: {
		http_req_failed: ['rate==0'],
		checks: ['rate==1'],
		'http_req_duration{endpoint:sign-up}': ['p(95)<3000'],
		'http_req_duration{endpoint:sign-in}': ['p(95)<3000'],
		'http_req_duration{endpoint:me}': ['p(95)<250'],
		'http_req_duration{endpoint:refresh}': ['p(95)<250'],
		'http_req_duration{endpoint:sign-out}': ['p(95)<250']
	}
};

// Answers other than these count as failed requests (http_req_failed), except where a request says
// which answer it expects (me after sign-out must be 401).
http.setResponseCallback(http.expectedStatuses(200, 201, 204));

function headers(accessToken) {
	const h = { 'content-type': 'application/json', 'x-forwarded-for': clientAddress() };
	if (accessToken) h.authorization = `Bearer ${accessToken}`;
	return h;
}

function post(path, endpoint, body, accessToken, expected) {
	return http.post(`${BASE_URL}/api/v1/auth/${path}`, body === undefined ? null : JSON.stringify(body), {
		headers: headers(accessToken),
		tags: { endpoint },
		...(expected ? { responseCallback: http.expectedStatuses(expected) } : {})
	});
}

function me(accessToken, endpoint = 'me', expected) {
	return http.get(`${BASE_URL}/api/v1/auth/me`, {
		headers: headers(accessToken),
		tags: { endpoint },
		...(expected ? { responseCallback: http.expectedStatuses(expected) } : {})
	});
}

function newAccount(label) {
	const email = `${RUN_ID}-${label}-vu${__VU}-it${__ITER}@load.earshelf.test`;
	return { email, password: `load-${RUN_ID}-${__VU}-${__ITER}-secret`, name: `Load ${__VU}` };
}

/** The token pair of a 200/201 answer, or the end of this iteration (the check has recorded why). */
function tokensOf(res, what) {
	if (!check(res, { [`${what} answers with tokens`]: (r) => (r.status === 200 || r.status === 201) && !!r.json('accessToken') })) {
		fail(`${what} answered ${res.status}: ${res.body}`);
	}
	return { accessToken: res.json('accessToken'), refreshToken: res.json('refreshToken') };
}

export function journey() {
	const account = newAccount('journey');
	const signUp = post('sign-up', 'sign-up', account);
	check(signUp, { 'sign-up is 201': (r) => r.status === 201 });

	const signedIn = tokensOf(post('sign-in', 'sign-in', { email: account.email, password: account.password }), 'sign-in');
	check(me(signedIn.accessToken), { 'me names the account': (r) => r.status === 200 && r.json('user.email') === account.email });

	const refreshed = tokensOf(post('refresh', 'refresh', { refreshToken: signedIn.refreshToken }), 'refresh');
	check(me(refreshed.accessToken), { 'me works with the refreshed token': (r) => r.status === 200 });

	check(post('sign-out', 'sign-out', undefined, refreshed.accessToken), { 'sign-out is 204': (r) => r.status === 204 });
	check(me(refreshed.accessToken, 'me-after-sign-out', 401), { 'me after sign-out is 401': (r) => r.status === 401 });
	sleep(1);
}

// Each VU runs in its own JavaScript runtime, so this is one session per token-traffic VU.
let session = null;

export function tokenTraffic() {
	if (session === null) session = tokensOf(post('sign-up', 'sign-up', newAccount('tokens')), 'sign-up');
	for (let i = 0; i < 5; i++) {
		check(me(session.accessToken), { 'me is 200': (r) => r.status === 200 });
		sleep(0.2);
	}
	session = tokensOf(post('refresh', 'refresh', { refreshToken: session.refreshToken }), 'refresh');
}
