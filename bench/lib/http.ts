/** Drives HTTP load with autocannon and turns its result into a count of successful responses. */
import autocannon from 'autocannon';
import type { BenchApp } from './app';
import type { Measured } from './interleave';

export interface HttpLoad {
	/** The app under load: its CPU use during the run is recorded too. */
	app: Pick<BenchApp, 'url' | 'cpuSeconds' | 'status'>;
	path: string;
	seconds: number;
	connections: number;
	method?: 'GET' | 'POST';
	headers?: Record<string, string>;
	body?: string;
	/** Send exactly this many requests instead of running for `seconds`. */
	amount?: number;
	/** Changes each request before it is sent (its own body or cookie, say). */
	setupRequest?: (request: autocannon.Request) => autocannon.Request;
}

/** Runs the load; any error or non-2xx answer fails the bench, since a fast error is not a result. */
export async function httpRate(load: HttpLoad): Promise<Measured> {
	const cpuBefore = load.app.cpuSeconds();
	const r = await autocannon({
		url: load.app.url + load.path,
		duration: load.seconds,
		connections: load.connections,
		method: load.method ?? 'GET',
		headers: load.headers,
		body: load.body,
		amount: load.amount,
		// autocannon notices the end of a run (and stamps its duration) only at its next sampling
		// tick: at the default 1 s a fixed `amount` of requests looked up to a second slower than it was.
		sampleInt: 50,
		...(load.setupRequest ? { requests: [{ setupRequest: load.setupRequest }] } : {})
	});
	const cpuAfter = load.app.cpuSeconds();
	if (r.errors > 0 || r.non2xx > 0) {
		throw new Error(
			`${load.method ?? 'GET'} ${load.path}: ${r.errors} connection errors and ${r.non2xx} non-2xx answers ` +
				`(4xx ${r['4xx']}, 5xx ${r['5xx']}); the app is ${load.app.status()}`
		);
	}
	return {
		count: r['2xx'],
		seconds: r.duration,
		cpu: { main: cpuAfter.main - cpuBefore.main, total: cpuAfter.total - cpuBefore.total }
	};
}
