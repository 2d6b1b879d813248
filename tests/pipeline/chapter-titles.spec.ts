/**
 * Titles for chapters found by topic, through the production build's runner and the real sidecar
 * (SmolLM2 and the e5 embedder): the model names each chapter (the neighbours' text sent along), or
 * the chapter keeps its number and the reason is noted; a crashed run keeps the titles it stored; an admin's and the file's chapters
 * are never sent to the model; a model that cannot write titles leaves the book to be published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChapters } from '../../src/lib/server/chapters';
import type { ChaptersCheckpoint } from '../../src/lib/server/pipeline/chapters-step';
import { startTestApp, type TestApp } from '../helpers/app';
import { signInAdmin } from '../helpers/admin-upload';
import { client } from '../helpers/http';
import { insertTranscribedBook, missingModels, startSidecar, waitFor, type Sidecar } from '../helpers/pipeline';

/** Three subjects, read without headings: the step finds three chapters by topic (at 0, 64 and 127 s). */
const TOPICS = [
	[
		'The old lighthouse keeper climbed the spiral stairs every evening to light the great lamp.',
		'Ships passing the headland in the night depended on that small bright flame.',
		'He polished the brass and the thick glass lens until they shone like the sun.',
		'In his logbook he wrote the weather, the wind and the names of the passing ships.',
		'One winter a storm broke the window at the top of the tower.',
		'He repaired it with planks from a wrecked fishing boat and kept the lamp burning.',
		'The fishermen in the harbour village never forgot how the light saved their boats.',
		'They told the story of the keeper and his lamp to their children for years.',
		'Gulls nested on the rocks below the tower and screamed at the grey waves.',
		'When the fog rolled in he rang the heavy bell every minute until dawn.',
		'His cottage smelled of lamp oil, salt and the smoke of driftwood fires.',
		'The keeper knew every rock and current around the island by heart.'
	],
	[
		'Bread begins with flour, water, salt and a little yeast mixed in a wide bowl.',
		'The baker kneads the dough for ten minutes until it feels smooth and elastic.',
		'Then the dough rests in a warm corner of the kitchen and slowly doubles in size.',
		'Good bakers fold the dough gently to keep the bubbles of gas inside.',
		'A sourdough starter gives the loaf a sour taste and a chewy crumb.',
		'The oven must be very hot, and a tray of water makes steam for a crisp crust.',
		'Before baking, the baker cuts a shallow slash across the top of the loaf with a razor.',
		'After forty minutes the crust turns deep brown and the loaf sounds hollow when tapped.',
		'Fresh bread should cool on a wire rack before anyone slices it.',
		'Whole wheat flour makes a heavier loaf with a nutty flavour.',
		'Rye bread from the north is dark, dense and keeps for a week.',
		'Many families bake their own bread on Sunday mornings.'
	],
	[
		'Interest rates decide how much it costs a company or a family to borrow money.',
		'When the central bank raises its rate, banks charge more for loans and mortgages.',
		'Firms then postpone new factories, and households buy fewer houses and cars.',
		'Spending falls, and over a year or two inflation slows down.',
		'But unemployment can rise while the economy cools.',
		'When the central bank cuts its rate, borrowing becomes cheap again.',
		'Investors move their savings from bonds into shares and property.',
		'Exporters gain when a lower rate makes the currency weaker.',
		'Central bankers watch wages, prices and jobs before every decision.',
		'Markets react within seconds to every word of their statements.',
		'A small change in the rate can move billions of dollars around the world.',
		'Economists argue about how quickly rate changes reach ordinary prices.'
	]
];

/**
 * As the transcribe step stores them: each chapter's lines one after another, a line every `everyS`
 * seconds (spoken for `spokenS` of them), and a 3 s pause between chapters.
 */
function timedSegments(chapters: readonly (readonly string[])[], everyS: number, spokenS: number): Array<{ start: number; end: number; text: string }> {
	const segments: Array<{ start: number; end: number; text: string }> = [];
	let t = 1;
	for (const lines of chapters) {
		for (const text of lines) {
			segments.push({ start: t, end: t + spokenS, text });
			t += everyS;
		}
		t += 3;
	}
	return segments;
}

/** A sentence every 5 s. */
const SEGMENTS = timedSegments(TOPICS, 5, 4.6);
const DURATION_MS = 190_000;

/** Four scenes on the Mekong, read without their headings (eval/passages/long.yaml): four chapters by topic. */
const THAI_CHAPTERS = [
	'เราออกเดินทางจากเชียงคานตั้งแต่ฟ้ายังไม่สาง หมอกบางๆ ลอยอยู่เหนือผิวน้ำ จนมองไม่เห็นฝั่งลาวที่อยู่ตรงข้าม ชาวบ้านกลุ่มหนึ่งนั่งรอใส่บาตรอยู่ริมถนน พระสงฆ์เดินเรียงแถวผ่านไปอย่างเงียบเชียบ มีเพียงเสียงเท้าเปล่าแตะพื้นปูน กับเสียงไก่ขันอยู่ไกลๆ ป้าเจ้าของเกสต์เฮาส์ยื่นข้าวเหนียวห่อใบตองให้เราคนละห่อ แล้วบอกว่าถ้าจะล่องเรือไปปากชม ต้องไปให้ถึงท่าก่อนเจ็ดโมง เพราะคนเรือไม่ชอบรอใคร เรือหางยาวลำนั้นทาสีฟ้าซีดๆ หัวเรือผูกผ้าสามสีไว้เป็นเครื่องรางกันภัย ลุงคนเรือยิ้มทั้งที่ไม่พูดอะไรมากนัก เมื่อเครื่องยนต์ติด เสียงดังสนั่นไปทั้งลำน้ำ ฝูงนกกระยางสีขาวบินขึ้นจากหาดทรายพร้อมกัน แสงแดดแรกของวันค่อยๆ ส่องทะลุหมอก ทำให้ผิวน้ำสีน้ำตาลกลายเป็นสีทองไปชั่วขณะ',
	'ยิ่งล่องไปไกล แม่น้ำยิ่งแคบลง และโขดหินสีดำก็โผล่ขึ้นมาจากน้ำมากขึ้นเรื่อยๆ ลุงคนเรือบอกว่าช่วงหน้าแล้งแบบนี้ต้องรู้จักร่องน้ำให้ดี ถ้าพลาดนิดเดียว ใบจักรอาจกระแทกหินจนหักได้ เขาคัดท้ายเรือหลบซ้ายทีขวาทีอย่างคล่องแคล่ว ราวกับจำหินทุกก้อนได้ขึ้นใจ บนหาดทรายกลางแม่น้ำ มีชาวบ้านปลูกถั่วลิสงและผักกาดไว้เป็นแปลงๆ เด็กสองคนวิ่งลงมาโบกมือให้เราจากริมตลิ่ง ไกลออกไปบนภูเขาฝั่งลาว มีควันไฟลอยขึ้นเป็นสายบางๆ จากไร่ข้าวที่เพิ่งเผาเตรียมดิน เราแวะจอดกินข้าวกลางวันที่หมู่บ้านเล็กๆ แห่งหนึ่ง แม่ค้าปิ้งปลาแม่น้ำตัวโตบนเตาถ่าน แล้วตำแจ่วมะเขือเทศให้กินกับข้าวเหนียว รสชาติเผ็ดร้อนจนน้ำตาไหล แต่อร่อยจนต้องขอเพิ่มอีกถ้วย',
	'ช่วงบ่าย ลมเริ่มพัดแรงขึ้นจนคลื่นเล็กๆ ซัดเข้ามาในเรือ เราต้องใช้ผ้าใบคลุมกระเป๋าไว้ไม่ให้เปียก ลุงคนเรือชี้ให้ดูนกเงือกคู่หนึ่งที่บินข้ามแม่น้ำ เสียงกระพือปีกของมันดังฟึ่บๆ จนได้ยินชัดแม้จะอยู่ไกล เขาบอกว่าสมัยเด็กมีนกเงือกมากกว่านี้หลายเท่า แต่ป่าริมน้ำถูกถางไปเกือบหมดแล้ว เมื่อเรือเข้าใกล้ปากชม ดวงอาทิตย์ก็ลดต่ำลงจนเกือบแตะยอดเขา ท้องฟ้ากลายเป็นสีส้มอมชมพู และแม่น้ำทั้งสายก็สะท้อนแสงนั้นราวกับกระจกบานใหญ่ เราขึ้นฝั่งพร้อมกับเรือประมงลำเล็กๆ ที่กลับมาจากการวางข่าย ชาวประมงยกตะกร้าปลาขึ้นจากเรือ และหัวเราะคุยกันเสียงดัง ฉันนั่งลงบนขั้นบันไดท่าน้ำ มองแสงสุดท้ายของวันค่อยๆ จางหายไป และคิดว่าการเดินทางที่ช้าที่สุด บางครั้งก็พาเราไปถึงที่ที่ไกลที่สุดในใจ',
	'คืนนั้นเราพักที่บ้านไม้สองชั้นของครอบครัวหนึ่งใกล้ท่าเรือ เจ้าของบ้านเป็นครูเกษียณที่สอนหนังสืออยู่ในอำเภอนี้มาเกือบสี่สิบปี ภรรยาของเขาทำแกงหน่อไม้ใส่ย่านาง กับไข่เจียวฟูๆ มาวางบนเสื่อกลางชาน เราล้อมวงกินข้าวกันใต้แสงไฟดวงเดียว แมลงเม่าบินวนอยู่รอบหลอดไฟจนต้องคอยโบกมือไล่ ครูเล่าว่าเมื่อก่อนถนนยังเข้ามาไม่ถึง ทุกอย่างต้องขนมาทางเรือ ทั้งข้าวสาร น้ำมัน และจดหมายจากลูกหลานที่ไปทำงานในเมือง บางฤดูน้ำหลากจนเรือแล่นไม่ได้เป็นสัปดาห์ หมู่บ้านทั้งหมู่บ้านก็ต้องพึ่งพากันเอง พอดึกลง อากาศเริ่มเย็น เสียงจิ้งหรีดดังระงมมาจากสวนกล้วยหลังบ้าน ฉันนอนฟังเสียงน้ำไหลผ่านตอม่อใต้ถุนบ้านอยู่นาน คิดถึงลุงคนเรือ ป้าเจ้าของเกสต์เฮาส์ และเด็กสองคนที่โบกมือให้จากหาดทราย พรุ่งนี้เช้าเราจะต้องนั่งรถกลับเมือง แต่เสียงของแม่น้ำสายนี้ คงจะตามไปอยู่ในความฝันของฉันอีกหลายคืน'
];
/** A phrase (Thai marks pauses with spaces) every 3 s. */
const THAI_SEGMENTS = timedSegments(
	THAI_CHAPTERS.map((chapter) => chapter.split(/\s+/)),
	3,
	2.6
);
const NUMBERED = /^Chapter \d+$/;

const missing = missingModels();
describe.skipIf(!!missing)('titles of chapters found by topic, with the real sidecar', () => {
	let sidecar: Sidecar;
	let app: TestApp;
	let token: string;

	beforeAll(async () => {
		sidecar = await startSidecar();
		app = await startTestApp({ INFERENCE_URL: sidecar.url, PIPELINE_POLL_MS: '100' });
		token = await signInAdmin(app);
	}, 180_000);
	afterAll(async () => {
		await app?.stop();
		await sidecar?.kill();
	});

	/** The title requests the sidecar answered for chapter `index`, from its log. */
	const requestsFor = (index: number) => sidecar.output().split('\n').filter((l) => l.includes(`title chapter=${index} `)).length;

	/**
	 * A transcribed book whose chapters step is next. Without `full`, the book's pipeline ends there
	 * (its summarize and publish rows are left out), so the model is not kept busy with copy.
	 */
	function transcribedBook(
		opts: { full?: boolean; thai?: boolean; providers?: Record<string, string>; prepare?: (bookId: string) => Promise<unknown> } = {}
	) {
		return insertTranscribedBook(app.db(), {
			segments: opts.thai ? THAI_SEGMENTS : SEGMENTS,
			durationMs: opts.thai ? 275_000 : DURATION_MS,
			language: opts.thai ? 'th' : 'en',
			providers: opts.providers,
			without: opts.full ? [] : ['summarize', 'publish'],
			prepare: opts.prepare
		});
	}

	const step = (bookId: string, name: string) =>
		app.db().selectFrom('pipeline_steps').selectAll().where('book_id', '=', bookId).where('step', '=', name as 'chapters').executeTakeFirstOrThrow();
	const chaptersDone = (bookId: string, generation = 0) =>
		waitFor('the chapters step to succeed', async () => {
			const s = await step(bookId, 'chapters');
			return s.status === 'succeeded' && Number(s.generation) >= generation && s;
		}, 240_000, 250);
	const chapters = async (bookId: string): Promise<Array<{ startMs: number; title: string; source: string }>> =>
		(await client(app.url).get(`/api/v1/admin/books/${bookId}/chapters`, token)).body.chapters;
	const logs = async (bookId: string) =>
		(await app.db().selectFrom('pipeline_events').select('payload').where('book_id', '=', bookId).orderBy('id').execute()).map((e) => JSON.parse(e.payload).message as string | undefined);

	it('names each chapter found by topic, or keeps its number and says why; a redo draws again', async () => {
		const bookId = await transcribedBook();
		const done = await chaptersDone(bookId);
		const list = await chapters(bookId);
		expect(list.map((c) => [c.startMs, c.source])).toEqual([[0, 'topic'], [64_000, 'topic'], [127_000, 'topic']]);
		const checkpoint = JSON.parse(done.checkpoint!) as ChaptersCheckpoint;
		expect(checkpoint.titles).toMatchObject({ done: 3, of: 3 });
		const notes = checkpoint.notes ?? [];
		for (const [i, c] of list.entries()) {
			if (NUMBERED.test(c.title)) {
				expect(c.title).toBe(`Chapter ${i + 1}`);
				expect(notes.some((n) => n.message.startsWith(`chapter ${i + 1} (`))).toBe(true);
			} else {
				expect(c.title.split(/\s+/).length).toBeGreaterThanOrEqual(2);
				expect(c.title.split(/\s+/).length).toBeLessThanOrEqual(7);
				expect(c.title).not.toMatch(/["<>*#:]/);
			}
		}
		const modelTitles = list.filter((c) => !NUMBERED.test(c.title)).map((c) => c.title.toLowerCase());
		expect(new Set(modelTitles).size).toBe(modelTitles.length);
		expect(checkpoint.titles!.named).toBe(modelTitles.length);
		expect(notes).toHaveLength(3 - modelTitles.length);
		const messages = await logs(bookId);
		for (const c of list.filter((c) => !NUMBERED.test(c.title))) expect(messages.some((m) => m?.startsWith('title ') && m.endsWith(`: ${c.title}`))).toBe(true);
		expect(sidecar.output()).toContain('title chapter=0 generation=0 provider=local');
		// Each request carries the text of the chapters beside it: the title must fit its own chapter better.
		for (const [i, beside] of [1, 2, 1].entries()) expect(sidecar.output()).toContain(`title chapter=${i} generation=0 provider=local neighbours=${beside} `);

		expect((await client(app.url).post(`/api/v1/admin/books/${bookId}/pipeline/redo`, { step: 'chapters' }, token)).status).toBe(200);
		const again = await chaptersDone(bookId, Number(done.generation) + 1);
		expect(JSON.parse(again.checkpoint!).titles).toMatchObject({ done: 3, of: 3 });
		expect(sidecar.output()).toContain(`title chapter=0 generation=${Number(done.generation) + 1} provider=local`);
	}, 600_000);

	it('after a crash, keeps the titles stored before it and asks only for the rest', async () => {
		const found = findChapters(SEGMENTS, { durationMs: DURATION_MS, language: 'en' });
		const stored = ['The Keeper’s Lamp', 'Chapter 2', 'Chapter 3'];
		const bookId = await transcribedBook({
			prepare: async (id) => {
				const db = app.db();
				await db.insertInto('book_chapters').values(found.map((c, position) => ({ book_id: id, position, start_ms: c.startMs, title: stored[position]!, source: 'topic' as const }))).execute();
				// A runner named the first chapter, stored its progress, and died: its lease has run out.
				const checkpoint: ChaptersCheckpoint = { chapters: 3, source: 'topic', kept: false, titles: { done: 1, named: 1, of: 3 }, notes: [] };
				await db
					.updateTable('pipeline_steps')
					.set({ status: 'running', lease_owner: 'crashed-runner', lease_expires_at: Date.now() - 1_000, attempts: 1, checkpoint: JSON.stringify(checkpoint) })
					.where('book_id', '=', id)
					.where('step', '=', 'chapters')
					.execute();
			}
		});
		const before = [0, 1, 2].map(requestsFor);
		const done = await chaptersDone(bookId);
		expect(done.attempts).toBe(2);
		expect((await chapters(bookId))[0]!.title).toBe('The Keeper’s Lamp');
		const after = [0, 1, 2].map(requestsFor);
		expect(after[0]).toBe(before[0]);
		expect(after[1]).toBe(before[1]! + 1);
		expect(after[2]).toBe(before[2]! + 1);
		expect(JSON.parse(done.checkpoint!).titles).toMatchObject({ done: 3, of: 3 });
	}, 600_000);

	it('never sends an admin’s or the audio file’s chapters to the model', async () => {
		const fileBook = await transcribedBook({
			prepare: (id) =>
				app
					.db()
					.insertInto('book_chapters')
					.values([
						{ book_id: id, position: 0, start_ms: 0, title: 'Side A', source: 'file' },
						{ book_id: id, position: 1, start_ms: 100_000, title: 'Side B', source: 'file' }
					])
					.execute()
		});
		const before = [0, 1, 2].map(requestsFor);
		await chaptersDone(fileBook);
		expect((await chapters(fileBook)).map((c) => c.title)).toEqual(['Side A', 'Side B']);

		const adminBook = await transcribedBook();
		const first = await chaptersDone(adminBook);
		const mine = [
			{ startMs: 0, title: 'At Sea' },
			{ startMs: 70_000, title: 'In the Kitchen' }
		];
		expect((await client(app.url).put(`/api/v1/admin/books/${adminBook}/chapters`, { chapters: mine }, token)).status).toBe(200);
		const asked = [0, 1, 2].map(requestsFor);
		expect(asked[0]).toBe(before[0]! + 1); // the admin's book, before its admin stepped in
		await client(app.url).post(`/api/v1/admin/books/${adminBook}/pipeline/redo`, { step: 'chapters' }, token);
		const again = await chaptersDone(adminBook, Number(first.generation) + 1);
		expect(JSON.parse(again.checkpoint!)).toEqual({ chapters: 2, source: 'admin', kept: true });
		expect(await chapters(adminBook)).toEqual(mine.map((c) => ({ ...c, source: 'admin' })));
		expect([0, 1, 2].map(requestsFor)).toEqual(asked);
	}, 600_000);

	it('keeps the Thai numbers of a Thai book when the model does not write Thai, with one note', async () => {
		// The sidecar's default LLM_WRITES is "en": SmolLM2 writes no usable Thai.
		const bookId = await transcribedBook({ thai: true });
		const done = await chaptersDone(bookId);
		expect((await chapters(bookId)).map((c) => [c.title, c.source])).toEqual([1, 2, 3, 4].map((n) => [`บทที่ ${n}`, 'topic']));
		const checkpoint = JSON.parse(done.checkpoint!) as ChaptersCheckpoint;
		expect(checkpoint.titles).toEqual({ done: 4, named: 0, of: 4 });
		expect(checkpoint.notes).toEqual([{ code: 'not_written', message: expect.stringContaining('does not write Thai') }]);
	}, 600_000);

	it('keeps the numbers when the model cannot write, and the book still goes on to publish', async () => {
		// The admin picked the OpenAI-compatible provider for this book's copy, but the sidecar has none configured.
		const bookId = await transcribedBook({ full: true, providers: { summarize: 'openai' } });
		const done = await chaptersDone(bookId);
		expect((await chapters(bookId)).map((c) => c.title)).toEqual(['Chapter 1', 'Chapter 2', 'Chapter 3']);
		const checkpoint = JSON.parse(done.checkpoint!) as ChaptersCheckpoint;
		expect(checkpoint.titles).toEqual({ done: 3, named: 0, of: 3 });
		expect(checkpoint.notes).toHaveLength(1);
		expect(checkpoint.notes![0]).toMatchObject({ code: 'model_error', message: expect.stringMatching(/could not write titles .*openai.* keep their numbers/) });
		expect(await logs(bookId)).toContain(checkpoint.notes![0]!.message);

		// Summarize meets the same missing provider and fails; the admin switches to the local model and resumes.
		await waitFor('summarize to fail on the missing provider', async () => (await step(bookId, 'summarize')).status === 'failed', 60_000, 250);
		const c = client(app.url);
		expect((await c.post(`/api/v1/admin/books/${bookId}/pipeline/provider`, { step: 'summarize', provider: 'local' }, token)).status).toBe(200);
		expect((await c.post(`/api/v1/admin/books/${bookId}/pipeline/resume`, undefined, token)).status).toBe(200);
		await waitFor('publish to finish', async () => (await step(bookId, 'publish')).status === 'succeeded', 400_000, 250);
		const book = (await c.get(`/api/v1/admin/books/${bookId}`, token)).body.book;
		expect(['published', 'review']).toContain(book.status);
		expect((await chapters(bookId)).map((c) => c.title)).toEqual(['Chapter 1', 'Chapter 2', 'Chapter 3']);
	}, 600_000);
});
