// Backs up the embedded default while the app runs: `node scripts/backup-data-dir.mjs DATA_DIR DEST`.
// The database goes through SQLite's online backup API (a consistent copy even while the app writes,
// WAL included); blobs and secrets are copied after it. Blobs are written before the rows that name
// them and never rewritten under a key, so every blob the copied database names is in the copy.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const [dataDir, dest] = process.argv.slice(2);
if (!dataDir || !dest) {
	console.error('usage: node scripts/backup-data-dir.mjs DATA_DIR DEST (DEST must not exist yet)');
	process.exit(2);
}
const dbFile = path.join(dataDir, 'earshelf.db');
if (!existsSync(dbFile)) {
	console.error(`${dbFile} does not exist: is ${dataDir} the app's DATA_DIR?`);
	process.exit(1);
}
if (existsSync(dest)) {
	console.error(`${dest} already exists: pick a new folder so no older backup is mixed in`);
	process.exit(1);
}
mkdirSync(dest, { recursive: true });
const db = new Database(dbFile, { readonly: true, fileMustExist: true });
try {
	await db.backup(path.join(dest, 'earshelf.db'));
} finally {
	db.close();
}
for (const dir of ['blobs', 'secrets']) {
	if (existsSync(path.join(dataDir, dir))) cpSync(path.join(dataDir, dir), path.join(dest, dir), { recursive: true, preserveTimestamps: true });
}
console.log(`backed up ${dataDir} to ${dest}`);
