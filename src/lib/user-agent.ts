import * as m from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';

const BROWSERS: Array<[RegExp, string]> = [
	[/Edg\//, 'Edge'],
	[/OPR\//, 'Opera'],
	[/SamsungBrowser\//, 'Samsung Internet'],
	[/Firefox\//, 'Firefox'],
	[/Chrome\//, 'Chrome'],
	[/Safari\//, 'Safari']
];
const SYSTEMS: Array<[RegExp, string]> = [
	[/Android/, 'Android'],
	[/iPhone|iPad|iPod/, 'iOS'],
	[/Windows/, 'Windows'],
	[/Mac OS X|Macintosh/, 'macOS'],
	[/CrOS/, 'ChromeOS'],
	[/Linux/, 'Linux']
];

/** A short, human name for a User-Agent string: "Chrome on Android" ("Chrome บน Android"), "k6". */
export function describeUserAgent(ua: string | null, locale: Locale = getLocale()): string {
	if (!ua) return m.device_unknown({}, { locale });
	const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
	const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
	if (browser && system) return m.device_on_system({ browser, system }, { locale });
	if (browser || system) return (browser ?? system) as string;
	return ua.split(/[\s/]/)[0]?.slice(0, 40) || m.device_unknown({}, { locale });
}
