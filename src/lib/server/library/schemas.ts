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

const markTime = (what: string) =>
	z.number({ error: `must be ${what}, in milliseconds from the start of the book` }).int('must be a whole number of milliseconds').min(0, 'must not be negative');
const changedAt = z.iso.datetime({ offset: true, error: 'must be the ISO 8601 time the change was made, e.g. 2026-01-31T12:00:00.000Z' });

/** A bookmark (endMs null) or a clip, with the time the listener made the change. */
export const MarkInput = z.object({
	kind: z.enum(['bookmark', 'clip'], { error: 'must be "bookmark" or "clip"' }),
	startMs: markTime('where the mark starts'),
	endMs: markTime('where the clip ends').nullable(),
	note: z.string({ error: 'must be text (may be empty)' }),
	at: changedAt
});
export type MarkInput = z.infer<typeof MarkInput>;

export const MarkDeleteInput = z.object({ at: changedAt });

/** The client's id of a mark: a UUID, made on the device so a mark created offline has one. */
export const MarkId = z.uuid({ error: 'must be a UUID made by the client' });
