/** A short, human name for a User-Agent string: "Chrome on Android", "Firefox on Windows", "k6". */
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

export function describeUserAgent(ua: string | null): string {
	if (!ua) return 'Unknown device';
	const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
	const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
	if (browser && system) return `${browser} on ${system}`;
	if (browser || system) return (browser ?? system) as string;
	return ua.split(/[\s/]/)[0]?.slice(0, 40) || 'Unknown device';
}
