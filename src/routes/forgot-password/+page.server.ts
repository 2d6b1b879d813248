import { getApp } from '$lib/server/app';
import { ResetRequestInput } from '$lib/server/auth/schemas';
import { requestPasswordReset } from '$lib/server/auth/service';
import { clientMeta } from '$lib/server/http/api';
import { formAction, readForm } from '$lib/server/http/forms';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const { auth } = await getApp();
		return formAction(async () => {
			const { email } = await readForm(event.request, ResetRequestInput);
			await requestPasswordReset(auth, email, clientMeta(event));
			return { sent: true };
		});
	}
};
