// Evidence 39 leaves a 0-byte (or no) parquet file for a source query that returns no rows, and the
// build then fails ("too small to be a Parquet file"). Replace such files with a valid, empty parquet
// file that has the columns recorded in <table>.schema.json, so pages build with empty results.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const dataDir = '.evidence/template/static/data';
const sqlType = { number: 'DOUBLE', string: 'VARCHAR', date: 'TIMESTAMP', boolean: 'BOOLEAN' };
const conn = await (await DuckDBInstance.create(':memory:')).connect();

for (const source of fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : []) {
	const sourceDir = path.join(dataDir, source);
	if (!fs.statSync(sourceDir).isDirectory()) continue;
	for (const table of fs.readdirSync(sourceDir)) {
		const schemaFile = path.join(sourceDir, table, `${table}.schema.json`);
		const parquetFile = path.join(sourceDir, table, `${table}.parquet`);
		if (!fs.existsSync(schemaFile)) continue;
		if (fs.existsSync(parquetFile) && fs.statSync(parquetFile).size > 12) continue;
		const columns = JSON.parse(fs.readFileSync(schemaFile, 'utf8'))
			.map((c) => `cast(null as ${sqlType[c.evidenceType] ?? 'VARCHAR'}) as "${c.name.replaceAll('"', '""')}"`)
			.join(', ');
		await conn.run(`copy (select ${columns || '1 as empty'} limit 0) to '${parquetFile}' (format parquet)`);
		console.log(`fill-empty-tables: ${source}.${table} has no rows; wrote an empty parquet file`);
	}
}
