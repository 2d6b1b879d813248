import { describe, expect, it } from 'vitest';
import { uploadErrorText } from './book-upload';

describe('uploadErrorText', () => {
	it.each([
		['en', { code: 'invalid_input', message: 'title: required', field: 'title' }, 400, 'title: required'],
		['en', undefined, 502, 'The server answered 502. Try again in a moment.'],
		['th', undefined, 502, 'เซิร์ฟเวอร์ตอบกลับด้วยรหัส 502 โปรดลองอีกครั้งในอีกสักครู่'],
		['th', { code: 'invalid_input', message: 'priceMinor: must be above 0', field: 'priceMinor' }, 400, 'กรอกราคาเป็นตัวเลขธรรมดา เช่น 199 หรือ 199.50'],
		['th', { code: 'too_large', message: 'The upload is too large.' }, 413, 'ข้อมูลมีขนาดใหญ่เกินกว่าจะส่งได้'],
		['th', { code: 'something_new', message: 'Whatever.' }, 500, null]
	] as const)('%s: %j (%d)', (locale, error, status, expected) => {
		const text = uploadErrorText(error, status, locale);
		if (expected === null) expect(text).not.toBe('Whatever.');
		else expect(text).toBe(expected);
	});
});
