import { getApp } from '$lib/server/app';

/** The public key that verifies access tokens, for services that check them on their own. */
export const GET = async () => {
	const { auth } = await getApp();
	return new Response(JSON.stringify({ keys: [auth.jwtKeys.publicJwk] }), {
		headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' }
	});
};
