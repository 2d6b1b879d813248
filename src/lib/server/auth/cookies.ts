import type { Cookies } from '@sveltejs/kit';

/** `__Host-` pins the cookie to this origin over https; plain http (local runs) cannot use the prefix. */
export function sessionCookieName(secure: boolean): string {
	return secure ? '__Host-earshelf_session' : 'earshelf_session';
}

export function setSessionCookie(cookies: Cookies, secure: boolean, token: string, expiresAt: number) {
	cookies.set(sessionCookieName(secure), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(sessionCookieName(secure), { path: '/', secure });
}
