/**
 * How changes to a mark from several devices combine, the same on the server (which stores the
 * result) and on the phone (which shows its queued changes on top of the server's list until they
 * are sent). The rules, per mark id:
 *  1. A change to a mark never seen makes it (a delete makes a tombstone, so the mark's own creation,
 *     arriving later from an offline phone, stays deleted).
 *  2. Deletion is final: nothing brings a tombstone back, however late the edit was made. A listener
 *     who deleted a mark on one phone must not see it return from another phone's queue.
 *  3. Otherwise the change made later wins (last writer wins by the client's time); a change made at
 *     the same moment or earlier than the stored one changes nothing, so replaying a queue is harmless.
 */
import type { MarkFields } from './limits';

/** A mark as the API answers it. */
export interface Mark extends MarkFields {
	id: string;
	/** ISO 8601. */
	createdAt: string;
	/** When the change that stands was made (ISO 8601, the client's clock capped at the server's). */
	changedAt: string;
}

export interface MarkState extends MarkFields {
	id: string;
	deleted: boolean;
	/** When the winning change was made (ms since the epoch, the client's clock). */
	changedAt: number;
}

export type MarkChange = ({ op: 'put' } & MarkFields & { id: string; at: number }) | { op: 'delete'; id: string; at: number };

/** The mark after `change`, or null when the stored state stands. */
export function mergeChange(stored: MarkState | undefined, change: MarkChange): MarkState | null {
	if (stored?.deleted) return null;
	if (change.op === 'delete') {
		const base = stored ?? { id: change.id, kind: 'bookmark' as const, startMs: 0, endMs: null };
		return { id: base.id, kind: base.kind, startMs: base.startMs, endMs: base.endMs, note: '', deleted: true, changedAt: Math.max(change.at, stored?.changedAt ?? change.at) };
	}
	if (stored && change.at <= stored.changedAt) return null;
	return { id: change.id, kind: change.kind, startMs: change.startMs, endMs: change.endMs, note: change.note, deleted: false, changedAt: change.at };
}
