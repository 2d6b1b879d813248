import { describe, expect, it } from 'vitest';
import { CLIP_MAX_MS, NOTE_MAX_CHARS, markProblem, type MarkFields } from './limits';
import { mergeChange, type MarkChange, type MarkState } from './merge';

const live = (over: Partial<MarkState> = {}): MarkState => ({ id: 'm1', kind: 'bookmark', startMs: 1000, endMs: null, note: 'first', deleted: false, changedAt: 100, ...over });
const tomb = (over: Partial<MarkState> = {}): MarkState => live({ note: '', deleted: true, ...over });
const put = (at: number, over: Partial<MarkFields> = {}): MarkChange => ({ op: 'put', id: 'm1', kind: 'bookmark', startMs: 2000, endMs: null, note: 'edited', at, ...over });
const del = (at: number): MarkChange => ({ op: 'delete', id: 'm1', at });

describe('mergeChange', () => {
	it.each<[string, MarkState | undefined, MarkChange, MarkState | null]>([
		['a new mark is made', undefined, put(50), live({ startMs: 2000, note: 'edited', changedAt: 50 })],
		['a delete of a mark never seen leaves a tombstone', undefined, del(50), tomb({ startMs: 0, changedAt: 50 })],
		['a later edit wins', live(), put(200), live({ startMs: 2000, note: 'edited', changedAt: 200 })],
		['an earlier edit (a stale queue) changes nothing', live(), put(99), null],
		['an edit made at the same moment changes nothing (a replayed queue)', live(), put(100), null],
		['an edit may turn a bookmark into a clip', live(), put(200, { kind: 'clip', endMs: 5000 }), live({ kind: 'clip', startMs: 2000, endMs: 5000, note: 'edited', changedAt: 200 })],
		['a later delete wins and empties the note', live(), del(200), tomb({ changedAt: 200 })],
		['an earlier delete still wins: deletion is final', live(), del(50), tomb({ changedAt: 100 })],
		['an edit made after the delete does not bring the mark back', tomb(), put(500), null],
		['a stale edit does not bring it back either', tomb(), put(10), null],
		['a second delete changes nothing', tomb(), del(500), null],
		['the creation arriving after its delete stays deleted', tomb({ startMs: 0, changedAt: 50 }), put(40), null]
	])('%s', (_label, stored, change, expected) => {
		expect(mergeChange(stored, change)).toEqual(expected);
	});

	it('gives the same result whatever order two devices’ changes arrive in', () => {
		const changes: MarkChange[] = [put(10), put(30, { note: 'phone B' }), put(20, { note: 'phone A' })];
		const orders = [[0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]];
		const results = orders.map((order) => order.reduce<MarkState | undefined>((s, i) => mergeChange(s, changes[i]!) ?? s, undefined));
		for (const r of results) expect(r).toEqual(results[0]);
		expect(results[0]?.note).toBe('phone B');
		const withDelete = [...changes, del(15)];
		for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]]) {
			expect(order.reduce<MarkState | undefined>((s, i) => mergeChange(s, withDelete[i]!) ?? s, undefined)?.deleted).toBe(true);
		}
	});
});

describe('markProblem', () => {
	const clip = (startMs: number, endMs: number | null, note = ''): MarkFields => ({ kind: 'clip', startMs, endMs, note });
	it.each<[string, MarkFields, string | null]>([
		['a bookmark inside the book', { kind: 'bookmark', startMs: 0, endMs: null, note: '' }, null],
		['a bookmark at the very end', { kind: 'bookmark', startMs: 60_000, endMs: null, note: '' }, null],
		['a bookmark past the end', { kind: 'bookmark', startMs: 60_001, endMs: null, note: '' }, 'startMs'],
		['a bookmark with an end', { kind: 'bookmark', startMs: 0, endMs: 10, note: '' }, 'endMs'],
		['a clip', clip(1000, 31_000), null],
		['a clip with no end', clip(1000, null), 'endMs'],
		['a clip ending where it starts', clip(1000, 1000), 'endMs'],
		['a clip ending before it starts', clip(1000, 500), 'endMs'],
		['a clip ending past the book', clip(1000, 60_001), 'endMs'],
		['a clip at the longest', clip(0, CLIP_MAX_MS), null],
		['a clip longer than allowed', clip(0, CLIP_MAX_MS + 1), 'endMs'],
		['a note at the limit (Thai letters count as characters)', clip(0, 10, 'ก'.repeat(NOTE_MAX_CHARS)), null],
		['a note over the limit', clip(0, 10, 'a'.repeat(NOTE_MAX_CHARS + 1)), 'note']
	])('%s', (_label, mark, field) => {
		expect(markProblem(mark, mark.endMs === CLIP_MAX_MS ? CLIP_MAX_MS : 60_000)?.field ?? null).toBe(field);
	});

	it('allows the slack past the end that the caller clamps', () => {
		expect(markProblem({ kind: 'bookmark', startMs: 62_000, endMs: null, note: '' }, 60_000, 5_000)).toBeNull();
		expect(markProblem(clip(59_000, 64_000), 60_000, 5_000)).toBeNull();
		expect(markProblem(clip(60_000, 64_000), 60_000, 5_000)?.field).toBe('endMs'); // nothing left once clamped
	});
});
