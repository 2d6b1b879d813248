/**
 * Admin pages: the admin layout already refuses other callers for page loads, but form actions run
 * without any layout load, so each admin action (and, for defence in depth, each load) asks here.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';

export function assertAdminPage(event: Pick<RequestEvent, 'locals'>): string {
	const caller = event.locals.caller;
	if (!caller) error(401, { message: m.admin_sign_in_required(), code: 'unauthenticated' });
	if (caller.user.role !== 'admin') error(403, { message: m.admin_only(), code: 'forbidden' });
	return caller.user.id;
}
