import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { ResetConfirmInput } from '$lib/server/auth/schemas';
import { confirmPasswordReset } from '$lib/server/auth/service';
import { formAction, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
	default: async (event) => {
		const { auth } = await getApp();
		const result = await formAction(async () => {
			const { token, password } = await readForm(event.request, ResetConfirmInput);
			await confirmPasswordReset(auth, token, password);
		});
		if (result) return result;
		redirect(303, '/sign-in?reset=1');
	}
};
