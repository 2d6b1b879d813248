/**
 * Money is an integer count of minor units (satang for THB, cents for USD) plus an ISO 4217 code.
 * Shared by server and browser: formatting for display and parsing what an admin types.
 */
import { getLocale } from '$lib/paraglide/runtime';

const MINOR_DIGITS: Record<string, number> = { THB: 2, USD: 2, EUR: 2, GBP: 2, JPY: 0 };

export const SUPPORTED_CURRENCIES = Object.keys(MINOR_DIGITS);

export function minorDigits(currency: string): number {
	return MINOR_DIGITS[currency] ?? 2;
}

/** In the active locale unless one is given: 19900 THB → "THB 199.00" in English, "฿199.00" in Thai. */
export function formatMoney(minor: number, currency: string, locale: string = getLocale()): string {
	const digits = minorDigits(currency);
	return new Intl.NumberFormat(locale, {
		style: 'currency',
		currency,
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(minor / 10 ** digits);
}

/** "199", "199.5", "1,299.00" → minor units; null when it is not a plain non-negative amount. */
export function parseMajorAmount(text: string, currency: string): number | null {
	const cleaned = text.trim().replace(/,/g, '');
	const digits = minorDigits(currency);
	const re = digits === 0 ? /^\d{1,12}$/ : new RegExp(`^\\d{1,12}(\\.\\d{1,${digits}})?$`);
	if (!re.test(cleaned)) return null;
	const [whole, frac = ''] = cleaned.split('.');
	return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || 0);
}
