// k6 load test of the admin pipeline console (run it with `make load`, which starts a production build
// on MariaDB and versitygw with the real inference sidecar; see scripts/load-all.sh). Two kinds of
// traffic at once:
//  - admins: each VU holds a console WebSocket (all books) for the whole run and measures, for every
//    event, the time from its row being written (`at`) to its arrival here (same machine, same clock);
//  - uploaders: an admin uploads a short spoken book now and then through the multipart admin API, so
//    the real pipeline (ffprobe, Whisper, the LLM) writes step, log, progress, chunk and map events.
// The admin signs in through the sign-in form as a browser does (the console takes the session cookie
// and checks Origin).
import { check, fail, sleep } from 'k6';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import ws from 'k6/ws';
import { uploadBook } from './lib/upload.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3000';
const API = `${BASE_URL}/api/v1`;
const AUDIO = open(__ENV.LOAD_AUDIO, 'b');
const ADMINS = Number(__ENV.CONSOLE_ADMINS || 20);
const RUN_SECONDS = Number(__ENV.CONSOLE_SECONDS || 60);

const eventLatency = new Trend('console_event_latency', true);
const eventsReceived = new Counter('console_events_received');
const consoleErrors = new Counter('console_errors');

export const options = {
	scenarios: {
		admins: { executor: 'per-vu-iterations', exec: 'watch', vus: ADMINS, iterations: 1, maxDuration: `${RUN_SECONDS + 30}s` },
		uploaders: { executor: 'constant-arrival-rate', exec: 'upload', rate: 1, timeUnit: '6s', duration: `${RUN_SECONDS - 10}s`, preAllocatedVUs: 2, startTime: '3s' }
	},
	// Budgets from two runs on this project's 2-core machine with k6, the app, MariaDB, versitygw and
	// the sidecar (Whisper and the LLM busy most of the run) on the same two cores, other jobs beside
	// them (load average 11 to 15), set at about twice the worst p95 seen:
	//  - event write → arrival at 20 consoles: p95 53 and 149 ms (480 to 1,240 events a run): the poll
	//    interval (25 ms) plus one indexed read and the fan-out, delayed by CPU contention. Budget 300 ms.
	//  - the upload of an 8 s spoken clip (streamed to S3, ffprobe, the preview cut with ffmpeg): p95
	//    0.67 and 1.55 s. Budget 3 s.
	thresholds: {
		http_req_failed: ['rate==0'],
		checks: ['rate==1'],
		console_errors: ['count==0'],
		console_events_received: ['count>0'],
		console_event_latency: ['p(95)<300'],
		'http_req_duration{endpoint:upload}': ['p(95)<3000']
	}
};

http.setResponseCallback(http.expectedStatuses(200, 201, 303));

export function setup() {
	if (!__ENV.ADMIN_EMAIL || !__ENV.ADMIN_PASSWORD) fail('ADMIN_EMAIL and ADMIN_PASSWORD are needed (scripts/load.sh reads them from the first start)');
	const signIn = http.post(`${BASE_URL}/sign-in?/password`, { email: __ENV.ADMIN_EMAIL, password: __ENV.ADMIN_PASSWORD }, {
		headers: { origin: BASE_URL, accept: 'text/html', 'x-forwarded-for': '10.200.0.1' },
		redirects: 0
	});
	const session = signIn.cookies.earshelf_session;
	if (!session || !session.length) fail(`the sign-in form gave no session cookie (status ${signIn.status})`);
	const token = http.post(`${API}/auth/sign-in`, JSON.stringify({ email: __ENV.ADMIN_EMAIL, password: __ENV.ADMIN_PASSWORD }), {
		headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.200.0.2' }
	}).json('accessToken');
	return { cookie: `earshelf_session=${session[0].value}`, token };
}

export function watch(data) {
	const res = ws.connect(`${BASE_URL.replace('http', 'ws')}/ws/admin/console`, { headers: { cookie: data.cookie, origin: BASE_URL } }, (socket) => {
		socket.on('message', (text) => {
			const message = JSON.parse(text);
			if (message.type !== 'event') return;
			eventsReceived.add(1);
			eventLatency.add(Date.now() - message.at);
		});
		socket.on('error', (e) => {
			consoleErrors.add(1);
			console.error(`console error: ${e.error()}`);
		});
		socket.on('close', (code) => {
			if (code !== 1000 && code !== 1005) consoleErrors.add(1);
		});
		socket.setTimeout(() => socket.close(1000), RUN_SECONDS * 1000);
	});
	check(res, { 'console handshake 101': (r) => r && r.status === 101 });
}

let uploads = 0;
export function upload(data) {
	uploads += 1;
	const res = uploadBook(BASE_URL, data.token, AUDIO, { title: `Load book ${__VU}-${uploads}`, author: 'k6', priceMinor: '9900', categories: 'fiction' }, {
		headers: { 'x-forwarded-for': `10.201.0.${__VU}` },
		tags: { endpoint: 'upload' }
	});
	if (!check(res, { 'upload answers 201': (r) => r.status === 201 })) console.error(`upload: ${res.status} ${res.body}`);
	sleep(0.1);
}
