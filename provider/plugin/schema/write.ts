// `npm run schema`: regenerates schema/orgaccounts.json from the sources (generate.ts), in the
// house format, so the checked-in file changes only when the schema does.
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { buildSchema, formatSchema, SCHEMA_FILE } from "./generate";

async function main(): Promise<void> {
    const schema = buildSchema();
    const file = path.resolve(__dirname, "../../..", SCHEMA_FILE);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await formatSchema(schema, file));
    console.log(`wrote ${path.relative(process.cwd(), file)} (orgaccounts ${String(schema.version)})`);
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
});
