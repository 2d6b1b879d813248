import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** Every admin page is refused on the server: 401 for visitors, 403 for buyers. */
export const load: LayoutServerLoad = ({ locals }) => {
	if (!locals.caller) error(401, { message: 'Sign in as an admin to open this page.', code: 'unauthenticated' });
	if (locals.caller.user.role !== 'admin') error(403, { message: 'Only admins can open this page.', code: 'forbidden' });
	return {};
};
