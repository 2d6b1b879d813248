/**
 * The payment step of checkout. A mock that always succeeds: the store has no payment provider yet.
 * A real provider would be called with the cart id as its idempotency key, so a retried checkout
 * cannot charge twice.
 */
import { randomBytes } from 'node:crypto';

export interface Charge {
	amountMinor: number;
	currency: string;
	/** Unique per purchase attempt; the provider's idempotency key. */
	reference: string;
}

export async function chargeMock(charge: Charge): Promise<{ paymentRef: string }> {
	void charge;
	return { paymentRef: `mock_${randomBytes(12).toString('hex')}` };
}
