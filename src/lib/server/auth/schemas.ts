/** Input schemas of the auth endpoints and forms (validated at the edge, trusted inside). */
import { z } from 'zod';
import { EmailSchema, NameSchema, PasswordSchema } from './passwords';

export const SignUpInput = z.object({ email: EmailSchema, password: PasswordSchema, name: NameSchema });
/** Sign-in checks only presence: a policy error here would tell which passwords cannot exist. */
export const SignInInput = z.object({
	email: EmailSchema,
	password: z.string({ error: 'is required' }).min(1, 'is required').max(1024, 'is too long')
});
export const RefreshInput = z.object({ refreshToken: z.string({ error: 'is required' }).min(1, 'is required') });
export const ResetRequestInput = z.object({ email: EmailSchema });
export const ResetConfirmInput = z.object({
	token: z.string({ error: 'is required' }).min(1, 'is required'),
	password: PasswordSchema
});
