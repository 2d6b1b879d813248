import { describe, expect, it } from 'vitest';
import { artworkFor } from './media-session';

describe('artworkFor', () => {
	it("shows the book's cover on the lock screen, every rendition with its size", () => {
		expect(artworkFor('/covers/b1/abc')).toEqual([
			{ src: '/covers/b1/abc/160.webp', sizes: '160x160', type: 'image/webp' },
			{ src: '/covers/b1/abc/320.webp', sizes: '320x320', type: 'image/webp' },
			{ src: '/covers/b1/abc/640.webp', sizes: '640x640', type: 'image/webp' }
		]);
	});
	it('falls back to the app icon without a cover', () => {
		expect(artworkFor(undefined).map((a) => a.src)).toEqual(['/icons/icon-192.png', '/icons/icon-512.png']);
	});
});
