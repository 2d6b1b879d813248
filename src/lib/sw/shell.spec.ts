import { expect, it } from 'vitest';
import { AUDIO_CACHE, PAGES_CACHE } from '../offline/store';
import { shellCacheName, staleShellCaches } from './shell';

it('an update deletes only earlier shells, never the downloads or the visited pages', () => {
	const keys = [shellCacheName('1700000000000'), shellCacheName('1700000000001'), AUDIO_CACHE, PAGES_CACHE, 'other-lib-cache'];
	expect(staleShellCaches(keys, '1700000000001')).toEqual([shellCacheName('1700000000000')]);
});

it('a first install finds nothing to delete', () => {
	expect(staleShellCaches([AUDIO_CACHE], '1')).toEqual([]);
});

it('the stores are named apart from the shell, so no version can sweep them', () => {
	for (const name of [AUDIO_CACHE, PAGES_CACHE]) expect(name.startsWith('shell-')).toBe(false);
});
