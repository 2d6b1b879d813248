/**
 * The inlang plugin that reads messages/{locale}.json. It is kept here rather than loaded from a CDN
 * (inlang's default) so that builds work offline and the format cannot change under us.
 *
 * Format: { "key": "Text with {name}" } or, for counts, { "key": { "one": "{count} book", "other": "{count} books" } }
 * where the branches are Intl.PluralRules categories of the input `count` ("other" is required).
 */
const KEY = 'plugin.earshelf.jsonMessages';

/** "Hi {name}" → [text "Hi ", expression name]. */
function parsePattern(text) {
	const pattern = [];
	for (const part of text.split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/)) {
		if (!part) continue;
		const variable = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(part);
		pattern.push(
			variable
				? { type: 'expression', arg: { type: 'variable-reference', name: variable[1] } }
				: { type: 'text', value: part }
		);
	}
	return pattern;
}

function inputsOf(value) {
	const texts = typeof value === 'string' ? [value] : Object.values(value);
	const names = new Set();
	for (const text of texts) for (const m of text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) names.add(m[1]);
	if (typeof value !== 'string') names.add('count');
	return [...names];
}

export default {
	key: KEY,
	toBeImportedFiles: ({ settings }) =>
		settings.locales.map((locale) => ({ locale, path: settings[KEY].pathPattern.replace('{locale}', locale) })),
	importFiles: ({ files }) => {
		const bundles = new Map();
		const messages = [];
		const variants = [];
		for (const file of files) {
			const json = JSON.parse(new TextDecoder().decode(file.content));
			for (const [id, value] of Object.entries(json)) {
				if (id === '$schema') continue;
				if (typeof value !== 'string' && typeof value?.other !== 'string') {
					throw new Error(`${file.locale}.json: "${id}" must be a string or an object with an "other" branch`);
				}
				const declarations = inputsOf(value).map((name) => ({ type: 'input-variable', name }));
				const plural = typeof value !== 'string';
				if (plural) {
					declarations.push({
						type: 'local-variable',
						name: 'countPlural',
						value: {
							type: 'expression',
							arg: { type: 'variable-reference', name: 'count' },
							annotation: { type: 'function-reference', name: 'plural', options: [] }
						}
					});
				}
				const known = bundles.get(id);
				// Locales may use different inputs (English plurals, Thai does not): the bundle declares them all.
				const merged = known ? [...known.declarations, ...declarations.filter((d) => !known.declarations.some((k) => k.name === d.name))] : declarations;
				bundles.set(id, { id, declarations: merged });
				messages.push({
					bundleId: id,
					locale: file.locale,
					selectors: plural ? [{ type: 'variable-reference', name: 'countPlural' }] : []
				});
				const branches = plural ? Object.entries(value) : [[null, value]];
				for (const [category, text] of branches) {
					variants.push({
						messageBundleId: id,
						messageLocale: file.locale,
						matches:
							category === null
								? []
								: [category === 'other' ? { type: 'catchall-match', key: 'countPlural' } : { type: 'literal-match', key: 'countPlural', value: category }],
						pattern: parsePattern(text)
					});
				}
			}
		}
		return { bundles: [...bundles.values()], messages, variants };
	},
	exportFiles: ({ bundles, messages, variants, settings }) =>
		settings.locales.map((locale) => {
			const json = {};
			for (const message of messages.filter((m) => m.locale === locale)) {
				const text = (v) => v.pattern.map((p) => (p.type === 'text' ? p.value : `{${p.arg.name}}`)).join('');
				const own = variants.filter((v) => v.messageId === message.id);
				json[message.bundleId] = message.selectors.length
					? Object.fromEntries(own.map((v) => [v.matches[0]?.type === 'literal-match' ? v.matches[0].value : 'other', text(v)]))
					: text(own[0] ?? { pattern: [] });
			}
			void bundles;
			return {
				locale,
				name: `${locale}.json`,
				content: new TextEncoder().encode(JSON.stringify(json, null, '\t') + '\n')
			};
		})
};
