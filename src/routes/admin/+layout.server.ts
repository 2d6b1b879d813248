import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { LayoutServerLoad } from './$types';

/** Every admin page is refused on the server: 401 for visitors, 403 for buyers. */
export const load: LayoutServerLoad = ({ locals }) => {
	if (!locals.caller) error(401, { message: m.admin_sign_in_required(), code: 'unauthenticated' });
	if (locals.caller.user.role !== 'admin') error(403, { message: m.admin_only(), code: 'forbidden' });
	return {};
};
