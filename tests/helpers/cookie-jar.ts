/**
 * Just enough of a browser for driving redirect-based flows (OpenID sign-in) with plain fetch: a cookie
 * jar (RFC 6265 host-only cookies: per host, not per port, with Path, Secure, Max-Age and Expires) and
 * a client that follows redirects itself so every hop's Set-Cookie lands in the jar.
 */
export interface StoredCookie {
	name: string;
	value: string;
	host: string;
	path: string;
	secure: boolean;
	expiresAt: number | null;
}

export class CookieJar {
	private cookies: StoredCookie[] = [];

	/** Stores the Set-Cookie headers of a response to `url`. */
	store(url: URL, setCookies: string[]) {
		for (const header of setCookies) {
			const [pair = '', ...attrs] = header.split(';');
			const eq = pair.indexOf('=');
			if (eq < 1) continue;
			const cookie: StoredCookie = {
				name: pair.slice(0, eq).trim(),
				value: pair.slice(eq + 1).trim(),
				host: url.hostname,
				path: defaultPath(url),
				secure: false,
				expiresAt: null
			};
			for (const attr of attrs) {
				const [k = '', v = ''] = attr.split('=').map((s) => s.trim());
				const key = k.toLowerCase();
				if (key === 'path' && v.startsWith('/')) cookie.path = v;
				else if (key === 'secure') cookie.secure = true;
				else if (key === 'max-age') cookie.expiresAt = Date.now() + Number(v) * 1000;
				else if (key === 'expires' && cookie.expiresAt === null) cookie.expiresAt = Date.parse(v);
			}
			this.cookies = this.cookies.filter(
				(c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path)
			);
			if (cookie.expiresAt === null || cookie.expiresAt > Date.now()) this.cookies.push(cookie);
		}
	}

	/** The Cookie header a browser would send to `url`. */
	header(url: URL): string {
		const now = Date.now();
		return this.cookies
			.filter(
				(c) =>
					c.host === url.hostname &&
					(c.expiresAt === null || c.expiresAt > now) &&
					(!c.secure || url.protocol === 'https:') &&
					(url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
			)
			.sort((a, b) => b.path.length - a.path.length)
			.map((c) => `${c.name}=${c.value}`)
			.join('; ');
	}

	get(name: string, host?: string): string | undefined {
		return this.cookies.find((c) => c.name === name && (!host || c.host === host))?.value;
	}
}

function defaultPath(url: URL): string {
	const p = url.pathname;
	return p.lastIndexOf('/') > 0 ? p.slice(0, p.lastIndexOf('/')) : '/';
}

export interface Page {
	url: URL;
	status: number;
	html: string;
	/** Every URL visited, the first request included. */
	hops: URL[];
}

/**
 * A browser-like client: `go` requests a URL (GET, or POST of a form) and follows redirects the way a
 * browser does (303 and 302 after POST become GET), sending and storing cookies on every hop.
 */
export function browser(headers: Record<string, string> = {}) {
	const jar = new CookieJar();
	async function go(start: string | URL, form?: Record<string, string>, extra: Record<string, string> = {}): Promise<Page> {
		let url = new URL(start);
		let method = form ? 'POST' : 'GET';
		let body: string | undefined = form ? new URLSearchParams(form).toString() : undefined;
		const hops: URL[] = [];
		for (let i = 0; i < 20; i++) {
			hops.push(url);
			// Accept says "a browser navigation": without it SvelteKit answers form actions with JSON.
			const h: Record<string, string> = { accept: 'text/html,*/*;q=0.8', ...headers, ...(i === 0 ? extra : {}) };
			const cookie = jar.header(url);
			if (cookie) h.cookie = cookie;
			if (body !== undefined) h['content-type'] = 'application/x-www-form-urlencoded';
			const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
			jar.store(url, res.headers.getSetCookie());
			const location = res.headers.get('location');
			if (res.status >= 300 && res.status < 400 && location) {
				await res.body?.cancel();
				url = new URL(location, url);
				if (res.status !== 307 && res.status !== 308) {
					method = 'GET';
					body = undefined;
				}
				continue;
			}
			return { url, status: res.status, html: await res.text(), hops };
		}
		throw new Error(`more than 20 redirects from ${start}`);
	}
	return { jar, go };
}

/** The first <form> in `html` whose action matches `action`: its absolute action URL and hidden fields. */
export function findForm(page: Page, action: RegExp = /./): { action: URL; fields: Record<string, string> } {
	for (const m of page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
		const attrs = m[1] ?? '';
		const target = decodeEntities(/\baction="([^"]*)"/i.exec(attrs)?.[1] ?? '');
		if (!action.test(target)) continue;
		const fields: Record<string, string> = {};
		for (const input of (m[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
			const a = input[1] ?? '';
			if (!/\btype="hidden"/i.test(a)) continue;
			const name = /\bname="([^"]*)"/i.exec(a)?.[1];
			if (name) fields[name] = decodeEntities(/\bvalue="([^"]*)"/i.exec(a)?.[1] ?? '');
		}
		return { action: new URL(target, page.url), fields };
	}
	throw new Error(`no form matching ${action} at ${page.url} (status ${page.status}):\n${page.html.slice(0, 2000)}`);
}

function decodeEntities(s: string): string {
	return s
		.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
		.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
		.replace(/&quot;/g, '"')
		.replace(/&#39;|&apos;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}
