/**
 * Input schemas of the catalog admin (API and forms), validated at the edge and trusted inside.
 * Multipart and form fields arrive as strings; `fromFormFields` turns them into the JSON shape first,
 * so both paths share one schema.
 */
import { z } from 'zod';
import { SUPPORTED_CURRENCIES } from '$lib/money';

export const MAX_PRICE_MINOR = 100_000_000;
export const MAX_CATEGORIES_PER_BOOK = 20;

// Tab, line feed and carriage return are the only control characters a description may hold.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const line = (max: number) =>
	z
		.string({ error: 'is required' })
		.transform((s) => s.normalize('NFC').trim())
		.pipe(
			z
				.string()
				.min(1, 'is required')
				.max(max, `must be at most ${max} characters`)
				.refine((s) => !CONTROL.test(s), 'must not contain control characters (line breaks, tabs, NUL…)')
		);

/** An optional one-line text: empty or absent becomes null. */
const optionalLine = (max: number) =>
	z
		.string()
		.transform((s) => s.normalize('NFC').trim())
		.pipe(
			z
				.string()
				.max(max, `must be at most ${max} characters`)
				.refine((s) => !CONTROL.test(s), 'must not contain control characters (line breaks, tabs, NUL…)')
		)
		.transform((s) => (s === '' ? null : s))
		.nullable();

export const TitleSchema = line(300);
export const AuthorSchema = line(200);
export const NarratorSchema = optionalLine(200);
export const DescriptionSchema = z
	.string()
	.transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
	.pipe(
		z
			.string()
			.max(5000, 'must be at most 5000 characters')
			.refine((s) => !CONTROL_EXCEPT_NEWLINES.test(s), 'must not contain control characters other than line breaks')
	)
	.transform((s) => (s === '' ? null : s))
	.nullable();

export const PriceMinorSchema = z
	.number({ error: 'must be a whole number of minor units (e.g. 19900 for 199.00)' })
	.int('must be a whole number of minor units (e.g. 19900 for 199.00), not a fraction')
	.min(0, 'must not be negative')
	.max(MAX_PRICE_MINOR, `must be at most ${MAX_PRICE_MINOR} minor units`);

export const CurrencySchema = z.enum(SUPPORTED_CURRENCIES as [string, ...string[]], {
	error: `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`
});

/** Category slugs or ids; which of them exist is checked against the database. */
export const CategoryRefsSchema = z
	.array(z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'))
	.max(MAX_CATEGORIES_PER_BOOK, `at most ${MAX_CATEGORIES_PER_BOOK} categories`)
	.transform((refs) => [...new Set(refs)]);

/**
 * The price rule of the store: a book costs at least one minor unit, or is deliberately free
 * (`free: true` with price 0). A zero price by accident (an empty field) is refused.
 */
export function priceRuleViolation(priceMinor: number, free: boolean): { field: string; message: string } | null {
	if (free && priceMinor !== 0) return { field: 'priceMinor', message: 'must be 0 for a free book (free: true)' };
	if (!free && priceMinor === 0) {
		return { field: 'free', message: 'set free to true to give the book away, or give priceMinor above 0' };
	}
	return null;
}

/**
 * The languages a book can be transcribed and described in: the ones the pipeline is measured on
 * (`make eval`). "detect" lets transcription find it.
 */
export const BOOK_LANGUAGES = ['detect', 'en', 'th'] as const;
export const BookLanguageSchema = z.enum(BOOK_LANGUAGES, { error: `must be one of ${BOOK_LANGUAGES.join(', ')}` });

/** The editable fields of a book; title and author are required when a book is created. */
const BookFields = z.object({
	title: TitleSchema,
	author: AuthorSchema,
	narrator: NarratorSchema.optional(),
	description: DescriptionSchema.optional(),
	priceMinor: PriceMinorSchema.optional(),
	currency: CurrencySchema.optional(),
	free: z.boolean({ error: 'must be true or false' }).optional(),
	categories: CategoryRefsSchema.optional(),
	language: BookLanguageSchema.optional()
});

/** A new book's metadata (sent with its audio). Currency defaults to the store's DEFAULT_CURRENCY. */
export const NewBookInput = BookFields.transform((b, ctx) => {
	const free = b.free ?? false;
	const priceMinor = b.priceMinor ?? (free ? 0 : undefined);
	if (priceMinor === undefined) {
		ctx.addIssue({ code: 'custom', path: ['priceMinor'], message: 'is required (minor units, e.g. 19900 for 199.00)' });
		return z.NEVER;
	}
	const violation = priceRuleViolation(priceMinor, free);
	if (violation) {
		ctx.addIssue({ code: 'custom', path: [violation.field], message: violation.message });
		return z.NEVER;
	}
	return { ...b, free, priceMinor };
});
export type NewBookInput = z.infer<typeof NewBookInput>;

/** A metadata edit: every field optional; the price rule is checked against the stored book. */
export const BookPatchInput = BookFields.partial().strict();
export type BookPatchInput = z.infer<typeof BookPatchInput>;

/** The client-generated id of an upload (also accepted as the Idempotency-Key header). */
export const UploadIdSchema = z.uuid({ error: 'must be a UUID generated by the client (crypto.randomUUID())' });

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CategoryNameSchema = line(100);
export const CategorySlugSchema = z
	.string()
	.trim()
	.min(1, 'is required')
	.max(64, 'must be at most 64 characters')
	.regex(SLUG, 'must be lowercase letters, digits and single hyphens (e.g. "true-crime")');

/** The category's name in the Thai interface; empty clears it (the English name is shown instead). */
export const CategoryNameThSchema = z
	.string()
	.transform((s) => s.normalize('NFC').trim())
	.pipe(z.string().max(100, 'must be at most 100 characters'))
	.transform((s) => (s === '' ? null : s));

/** What books of a category are about, in a sentence or a few: the classifier compares books with it. */
export const CategoryDescriptionSchema = z
	.string()
	.transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
	.pipe(z.string().max(1000, 'must be at most 1000 characters'));

export const NewCategoryInput = z.object({
	name: CategoryNameSchema,
	nameTh: CategoryNameThSchema.optional(),
	slug: CategorySlugSchema.optional(),
	description: CategoryDescriptionSchema.optional()
});
export const CategoryPatchInput = z
	.object({
		name: CategoryNameSchema.optional(),
		nameTh: CategoryNameThSchema.optional(),
		slug: CategorySlugSchema.optional(),
		description: CategoryDescriptionSchema.optional()
	})
	.strict();

/** "Mystery & Thriller" → "mystery-thriller"; letters of any script are kept only when ASCII. */
export function slugify(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 64)
		.replace(/-+$/, '');
}

/**
 * Multipart and HTML form fields (strings, categories repeated) → the JSON shape of the schemas.
 * Numbers are converted only when they look like numbers, so "abc" still fails with a clear message.
 */
export function fromFormFields(fields: Map<string, string[]>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [name, values] of fields) {
		if (name === 'categories') {
			out.categories = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
			continue;
		}
		const value = values.at(-1) ?? '';
		if (name === 'priceMinor') out.priceMinor = /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
		else if (name === 'free') out.free = /^(true|on|1|yes)$/i.test(value) ? true : /^(false|off|0|no|)$/i.test(value) ? false : value;
		else out[name] = value;
	}
	return out;
}
