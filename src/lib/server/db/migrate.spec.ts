import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate';

describe('splitStatements', () => {
	it('splits on semicolons at line ends and drops comment lines', () => {
		const sql = `-- header\nCREATE TABLE a (\n  x TEXT -- inline stays\n);\n\n-- next\nCREATE INDEX i ON a (x);\n`;
		expect(splitStatements(sql)).toEqual(['CREATE TABLE a (\n  x TEXT -- inline stays\n)', 'CREATE INDEX i ON a (x)']);
	});
	it('keeps a trigger body whole', () => {
		const sql = `CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO b VALUES (1);\n  INSERT INTO b VALUES (2);\nEND;\nSELECT 1;`;
		expect(splitStatements(sql)).toEqual([
			'CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO b VALUES (1);\n  INSERT INTO b VALUES (2);\nEND',
			'SELECT 1'
		]);
	});
	it('keeps semicolons inside a line', () => {
		expect(splitStatements("INSERT INTO t VALUES ('a;b');")).toEqual(["INSERT INTO t VALUES ('a;b')"]);
	});
});
