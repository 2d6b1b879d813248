/** Input of the cart and checkout API and forms, validated at the edge. */
import { z } from 'zod';

export const BookId = z.string().trim().min(1, 'is required').max(64, 'is not a book id');

export const AddToCartInput = z.object({ bookId: BookId });

export const CheckoutInput = z.object({
	cartId: z.string().trim().min(1, 'is required: send the id of the cart you saw').max(64, 'is not a cart id')
});

/** Printable ASCII, as the IETF Idempotency-Key draft suggests; unique per user. */
export const IdempotencyKey = z
	.string()
	.min(1)
	.max(128, 'must be at most 128 characters')
	.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
