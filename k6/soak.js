// k6 mixed workload for `make soak` (scripts/soak.sh starts the production build on MariaDB and
// versitygw, the real sidecar, and samples both processes' RSS while this runs for SOAK_SECONDS):
//  - browsers: catalog pages, searches and book pages;
//  - buyers: a new account signs up, buys a book, lists the library, streams 64 KiB of it, signs out;
//  - admins: console WebSockets, reconnecting every minute (sockets opened and closed all run long);
//  - an uploader: a spoken clip every 20 s, so the pipeline (Whisper, the LLM) never rests.
// The point is memory over time and zero errors, not latency: `make load` owns the budgets.
import { check, fail, sleep } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import ws from 'k6/ws';
import { uploadBook } from './lib/upload.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3000';
const API = `${BASE_URL}/api/v1`;
const AUDIO = open(__ENV.LOAD_AUDIO, 'b');
const SECONDS = Number(__ENV.SOAK_SECONDS || 600);
const WORDS = ['harbour', 'silent', 'garden', 'river', 'stone', 'summer', 'glass', 'keeper'];
const consoleErrors = new Counter('console_errors');

export const options = {
	scenarios: {
		browsers: { executor: 'constant-vus', exec: 'browse', vus: 4, duration: `${SECONDS}s` },
		buyers: { executor: 'constant-arrival-rate', exec: 'buy', rate: 1, timeUnit: '3s', duration: `${SECONDS}s`, preAllocatedVUs: 4 },
		admins: { executor: 'constant-vus', exec: 'watch', vus: 3, duration: `${SECONDS}s`, gracefulStop: '70s' },
		uploader: { executor: 'constant-arrival-rate', exec: 'upload', rate: 1, timeUnit: '20s', duration: `${SECONDS}s`, preAllocatedVUs: 1 }
	},
	thresholds: { http_req_failed: ['rate==0'], checks: ['rate==1'], console_errors: ['count==0'] }
};

http.setResponseCallback(http.expectedStatuses(200, 201, 204, 206));

// __ITER does not exist in setup(), which runs outside any VU.
const ip = () => `10.${(__VU >> 8) & 255}.${__VU & 255}.${(typeof __ITER === "number" ? __ITER : 0) % 250}`;
const json = (token) => ({ headers: { 'content-type': 'application/json', 'x-forwarded-for': ip(), ...(token ? { authorization: `Bearer ${token}` } : {}) } });

/** The admin's API sign-in (an access token), with these request parameters. */
const adminSignIn = (params) => http.post(`${API}/auth/sign-in`, JSON.stringify({ email: __ENV.ADMIN_EMAIL, password: __ENV.ADMIN_PASSWORD }), params);

export function setup() {
	const signIn = http.post(`${BASE_URL}/sign-in?/password`, { email: __ENV.ADMIN_EMAIL, password: __ENV.ADMIN_PASSWORD }, {
		headers: { origin: BASE_URL, accept: 'text/html', 'x-forwarded-for': '10.250.0.1' },
		redirects: 0,
		responseCallback: http.expectedStatuses(303)
	});
	const session = signIn.cookies.earshelf_session;
	if (!session || !session.length) fail(`the sign-in form gave no session cookie (status ${signIn.status})`);
	const token = adminSignIn(json()).json('accessToken');
	const books = http.get(`${API}/catalog/books?limit=100`).json('books').map((b) => b.id);
	if (books.length === 0) fail('no published books: scripts/soak.sh seeds them first');
	return { cookie: `earshelf_session=${session[0].value}`, token, tokenAt: Date.now(), books };
}

// An access token lives ACCESS_TOKEN_TTL_SECONDS (15 minutes by default), and a soak runs longer: the
// uploader signs in again once its token is SOAK_TOKEN_SECONDS old (600 by default; one bcrypt then).
const TOKEN_SECONDS = Number(__ENV.SOAK_TOKEN_SECONDS || 600);
let adminToken = null;
let adminTokenAt = 0;
function uploaderToken(data) {
	if (!adminToken) [adminToken, adminTokenAt] = [data.token, data.tokenAt];
	if (Date.now() - adminTokenAt >= TOKEN_SECONDS * 1000) {
		const res = adminSignIn({ headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.250.0.2' } });
		if (check(res, { 'uploader sign-in 200': (r) => r.status === 200 })) [adminToken, adminTokenAt] = [res.json('accessToken'), Date.now()];
	}
	return adminToken;
}

export function browse(data) {
	check(http.get(`${API}/catalog/books?limit=24`, json()), { 'list 200': (r) => r.status === 200 });
	check(http.get(`${API}/catalog/books?q=${WORDS[__ITER % WORDS.length]}`, json()), { 'search 200': (r) => r.status === 200 });
	check(http.get(`${BASE_URL}/books/${data.books[__ITER % data.books.length]}`, json()), { 'book page 200': (r) => r.status === 200 });
	sleep(1);
}

export function buy(data) {
	const email = `soak-${__VU}-${__ITER}-${Date.now().toString(36)}@example.com`;
	const signUp = http.post(`${API}/auth/sign-up`, JSON.stringify({ email, password: 'correct horse battery', name: 'Soak' }), json());
	if (!check(signUp, { 'sign-up 201': (r) => r.status === 201 })) return;
	const token = signUp.json('accessToken');
	const bookId = data.books[(__VU * 7 + __ITER) % data.books.length];
	check(http.post(`${API}/cart`, JSON.stringify({ bookId }), json(token)), { 'add 200': (r) => r.status === 200 });
	const cartId = http.get(`${API}/cart`, json(token)).json('cart.id');
	check(http.post(`${API}/checkout`, JSON.stringify({ cartId }), json(token)), { 'checkout 201': (r) => r.status === 201 });
	check(http.get(`${API}/library`, json(token)), { 'library 200': (r) => r.status === 200 });
	const audio = http.get(`${API}/library/${bookId}/audio`, { headers: { ...json(token).headers, range: 'bytes=0-65535' } });
	check(audio, { 'audio 206': (r) => r.status === 206 });
	check(http.post(`${API}/auth/sign-out`, null, json(token)), { 'sign-out 204': (r) => r.status === 204 });
}

export function watch(data) {
	const res = ws.connect(`${BASE_URL.replace('http', 'ws')}/ws/admin/console`, { headers: { cookie: data.cookie, origin: BASE_URL } }, (socket) => {
		socket.on('error', (e) => {
			consoleErrors.add(1);
			console.error(`console error: ${e.error()}`);
		});
		socket.setTimeout(() => socket.close(1000), 60_000);
	});
	check(res, { 'console handshake 101': (r) => r && r.status === 101 });
}

export function upload(data) {
	const res = uploadBook(BASE_URL, uploaderToken(data), AUDIO, { title: `Soak book ${__ITER}`, author: 'k6', priceMinor: '9900', categories: 'fiction' }, {
		headers: { 'x-forwarded-for': '10.250.0.2' }
	});
	if (!check(res, { 'upload 201': (r) => r.status === 201 })) console.error(`upload: ${res.status} ${res.body}`);
}
