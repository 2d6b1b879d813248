import { describe, expect, it } from 'vitest';
import { categoryName } from './category-name';

describe('categoryName', () => {
	it.each([
		['Thai interface, Thai name given', { name: 'Horror', nameTh: 'สยองขวัญ' }, 'th', 'สยองขวัญ'],
		['English interface keeps the English name', { name: 'Horror', nameTh: 'สยองขวัญ' }, 'en', 'Horror'],
		['no Thai name yet: the English name', { name: 'Cozy Mysteries', nameTh: null }, 'th', 'Cozy Mysteries'],
		['an empty Thai name counts as none', { name: 'Cozy Mysteries', nameTh: '' }, 'th', 'Cozy Mysteries']
	] as const)('%s', (_label, category, locale, expected) => {
		expect(categoryName(category, locale)).toBe(expected);
	});
});
