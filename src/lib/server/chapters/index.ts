/** A book's chapters: what listeners read, what admins edit, what the pipeline and uploads write. */
import type { Db } from '../db';
import { invalidInput, notFound } from '../errors';
import { listChapters, replaceAllChapters, type ChapterRow } from './chapters.repository';
import type { ChaptersInput } from './schemas';

export { chaptersFromProbe } from './file-chapters';
export { chaptersSetByAdmin, insertChapters, listChapters, replaceDetectedChapters, setDetectedTitle, type ChapterRow, type ChapterSource } from './chapters.repository';
export { findChapters, type FoundChapter } from './boundaries';

/** What the player and the admin page show: a chapter's start and title. */
export interface ChapterView {
	startMs: number;
	title: string;
}

export async function readChapters(db: Db, bookId: string): Promise<ChapterView[]> {
	return (await listChapters(db, bookId)).map((c) => ({ startMs: c.startMs, title: c.title }));
}

/** The admin's view: with where each chapter came from. */
export async function adminChapters(db: Db, bookId: string): Promise<{ durationMs: number; chapters: ChapterRow[] }> {
	const book = await db.selectFrom('books').select('duration_ms').where('id', '=', bookId).executeTakeFirst();
	if (!book) throw notFound('No such book.');
	return { durationMs: Number(book.duration_ms), chapters: await listChapters(db, bookId) };
}

/**
 * An admin's list replaces the book's chapters; all of them become the admin's, so a redo of the
 * chapters step keeps them. Times must fall within the recording.
 */
export async function saveAdminChapters(db: Db, bookId: string, input: ChaptersInput): Promise<{ durationMs: number; chapters: ChapterRow[] }> {
	const { durationMs } = await adminChapters(db, bookId);
	const late = input.chapters.findIndex((c) => c.startMs >= durationMs);
	if (late >= 0) throw invalidInput(`chapters.${late}.startMs: must be before the end of the recording (${durationMs} ms)`, `chapters.${late}.startMs`);
	const rows = input.chapters.map((c) => ({ startMs: c.startMs, title: c.title, source: 'admin' as const }));
	if (!(await replaceAllChapters(db, bookId, rows, Date.now()))) throw notFound('No such book.');
	return { durationMs, chapters: rows };
}
