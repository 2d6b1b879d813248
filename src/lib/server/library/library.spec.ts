import { describe, expect, it } from 'vitest';
import { downloadName } from './index';

describe('downloadName', () => {
	it.each([
		['plain', 'Dune', 'Frank Herbert', 'mp3', 'Dune - Frank Herbert.mp3'],
		['path separators and reserved characters', '../../etc/passwd', 'A:B*C?', 'mp3', 'etc passwd - A B C.mp3'],
		['controls and header injection', 'Evil\r\nSet-Cookie: x', 'Me', 'm4b', 'Evil Set-Cookie x - Me.m4b'],
		['a strange format', 'Book', 'Author', 'mp3;rm -rf', 'Book - Author.audio'],
		['unicode stays', 'Ünïcode 📚', 'ผู้เขียน', 'MP3', 'Ünïcode 📚 - ผู้เขียน.mp3']
	])('%s', (_label, title, author, format, expected) => {
		expect(downloadName(title, author, format)).toBe(expected);
	});
});
