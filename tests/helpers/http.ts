/** A tiny JSON client for the API tests: each call can present its own client IP. */
export interface Res<T = any> {
	status: number;
	body: T;
	headers: Headers;
}

let ipCounter = 1;
/** A new fake client address (10.x.y.z), so rate limits of one test do not leak into another. */
export function newIp(): string {
	const n = ipCounter++;
	return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export function client(base: string, ip = newIp()) {
	async function call<T = any>(method: string, path: string, body?: unknown, token?: string, raw?: string): Promise<Res<T>> {
		const headers: Record<string, string> = { 'x-forwarded-for': ip };
		if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
		if (token) headers.authorization = `Bearer ${token}`;
		const res = await fetch(base + path, {
			method,
			headers,
			body: raw ?? (body === undefined ? undefined : JSON.stringify(body))
		});
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			/* not JSON */
		}
		return { status: res.status, body: parsed as T, headers: res.headers };
	}
	return {
		ip,
		get: <T = any>(p: string, token?: string) => call<T>('GET', p, undefined, token),
		post: <T = any>(p: string, body?: unknown, token?: string) => call<T>('POST', p, body, token),
		postRaw: <T = any>(p: string, raw: string) => call<T>('POST', p, undefined, undefined, raw),
		put: <T = any>(p: string, body?: unknown, token?: string) => call<T>('PUT', p, body, token),
		del: <T = any>(p: string, token?: string) => call<T>('DELETE', p, undefined, token)
	};
}

let emailCounter = 0;
export function uniqueEmail(prefix = 'user'): string {
	return `${prefix}-${Date.now().toString(36)}-${(emailCounter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}
