/** A category's name in the interface's language: its Thai name in Thai where it has one, else the English. */
import { getLocale, type Locale } from '$lib/paraglide/runtime';

export function categoryName(category: { name: string; nameTh?: string | null }, locale: Locale = getLocale()): string {
	return locale === 'th' && category.nameTh ? category.nameTh : category.name;
}
