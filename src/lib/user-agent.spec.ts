import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './user-agent';

describe('describeUserAgent', () => {
	it.each([
		['Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
		['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari on iOS'],
		['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Windows'],
		['k6/1.0 (https://k6.io/)', 'k6'],
		[null, 'Unknown device']
	])('%s → %s', (ua, name) => {
		expect(describeUserAgent(ua, 'en')).toBe(name);
	});

	it.each([
		['Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36', 'Chrome บน Android'],
		[null, 'อุปกรณ์ที่ไม่รู้จัก']
	])('in Thai: %s → %s', (ua, name) => {
		expect(describeUserAgent(ua, 'th')).toBe(name);
	});
});
