// What the load tests share: the shape of a scenario and the client address of a VU.

/**
 * A ramping-VUs scenario running `exec`: ramps up to `vus` over 15 s, holds them 45 s, ramps down
 * over 10 s. Scenarios that run together share this clock, so their busy minute overlaps.
 */
export function rampingScenario(exec, vus) {
	return {
		executor: 'ramping-vus',
		exec,
		startVUs: 1,
		stages: [
			{ duration: '15s', target: vus },
			{ duration: '45s', target: vus },
			{ duration: '10s', target: 0 }
		],
		gracefulRampDown: '10s'
	};
}

/** This VU's own client address, 10.x.y.z from its id (unique across scenarios). */
export function clientAddress() {
	return `10.${(__VU >> 16) & 255}.${(__VU >> 8) & 255}.${__VU & 255}`;
}
