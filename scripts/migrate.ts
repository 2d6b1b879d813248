// `make migrate`: applies migrations to DATABASE_URL (or the embedded SQLite under DATA_DIR).
import { loadConfig } from '../src/lib/server/config';
import { createDb } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';

const config = loadConfig();
const db = createDb(config.database);
try {
	const applied = await migrateToLatest(db);
	console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
	await db.destroy();
}
