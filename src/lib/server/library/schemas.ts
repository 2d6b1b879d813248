/** Input of the listening API, validated at the edge. */
import { z } from 'zod';

export const PositionInput = z.object({
	positionMs: z
		.number({ error: 'must be a number of milliseconds from the start of the book' })
		.int('must be a whole number of milliseconds')
		.min(0, 'must not be negative'),
	at: z.iso.datetime({ offset: true, error: 'must be the ISO 8601 time the position was observed, e.g. 2026-01-31T12:00:00.000Z' })
});
export type PositionInput = z.infer<typeof PositionInput>;
