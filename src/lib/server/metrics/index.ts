/**
 * Prometheus metrics of this instance, in one registry built with the app: HTTP request durations by
 * route id (never raw paths, which would make one series per book), pipeline steps by state (read from
 * the database at scrape time, so every instance reports the same cluster-wide numbers), connected
 * console WebSockets (this instance) and Node's process metrics.
 */
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db';
import { countStepsByState } from '../pipeline/steps.repository';

export interface Metrics {
	registry: Registry;
	/** `route` is SvelteKit's route id, or null for a request no route matched. */
	observeRequest(method: string, route: string | null, status: number, seconds: number): void;
}

export function createMetrics(deps: { db: Db; consoleClients: () => number }): Metrics {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry });

	const requests = new Histogram({
		name: 'earshelf_http_request_duration_seconds',
		help: 'Time from request to response headers, by method, SvelteKit route id and status.',
		labelNames: ['method', 'route', 'status'] as const,
		buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
		registers: [registry]
	});

	new Gauge({
		name: 'earshelf_pipeline_steps',
		help: 'Pipeline steps of all books by step and status (read from the database at scrape time).',
		labelNames: ['step', 'status'] as const,
		registers: [registry],
		async collect() {
			const rows = await countStepsByState(deps.db);
			this.reset(); // a pair that has no steps any more must not keep its last count
			for (const r of rows) this.set({ step: r.step, status: r.status }, r.count);
		}
	});

	new Gauge({
		name: 'earshelf_console_clients',
		help: 'Admin console WebSockets connected to this instance.',
		registers: [registry],
		collect() {
			this.set(deps.consoleClients());
		}
	});

	return {
		registry,
		observeRequest(method, route, status, seconds) {
			requests.observe({ method, route: route ?? 'unmatched', status: String(status) }, seconds);
		}
	};
}
