// Every code block of README.md, CONTRIBUTING.md and docs/*.md that is a program or a command
// still works as written: TypeScript type-checks against the package's types, JSON and YAML parse,
// shell passes `bash -n`, and each `npx pulumi-org-accounts <command> ...` or `npm run <script>` in
// it names a real command or script with flags that command accepts. A block that is a fragment is
// marked just before it with `<!-- docs-blocks: skip (the reason) -->`.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { parseArgs as parseEmulatorArgs } from "../../emulator/cli";
import { parseStatusArgs } from "../../provider/cli/status";

const REPO = path.resolve(__dirname, "..", "..");
// The YAML parser @pulumi/pulumi itself uses (a dependency of it, so always installed with it).
const yaml = createRequire(require.resolve("@pulumi/pulumi/package.json"))("js-yaml") as { load(text: string): unknown };

export interface Block {
    file: string;
    line: number;
    lang: string;
    body: string;
    skip?: string;
}

const SKIP = /^<!--\s*docs-blocks:\s*skip\s*\((.+)\)\s*-->$/;

export function docFiles(): string[] {
    const docs = fs.existsSync(path.join(REPO, "docs"))
        ? fs
              .readdirSync(path.join(REPO, "docs"))
              .filter((f) => f.endsWith(".md"))
              .map((f) => `docs/${f}`)
        : [];
    return ["README.md", "CONTRIBUTING.md", ...docs.sort()];
}

/** The fenced blocks of a markdown text, with the skip mark (and its reason) that precedes one. */
export function blocksOf(file: string, text: string): Block[] {
    const lines = text.split("\n");
    const blocks: Block[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = /^```(\S*)\s*$/.exec(lines[i]);
        if (!open) continue;
        const start = i;
        const body: string[] = [];
        for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
        let before = start - 1;
        while (before >= 0 && lines[before].trim() === "") before--;
        const skip = before >= 0 ? SKIP.exec(lines[before].trim())?.[1] : undefined;
        blocks.push({ file, line: start + 1, lang: open[1].toLowerCase(), body: body.join("\n") + "\n", skip });
    }
    return blocks;
}

const allBlocks = docFiles().flatMap((file) => blocksOf(file, fs.readFileSync(path.join(REPO, file), "utf8")));
const where = (b: Block) => `${b.file}:${b.line}`;
const checked = allBlocks.filter((b) => !b.skip);

// --- TypeScript: one program of every block, each its own module, against the package's sources ---

const TS_LANGS = ["ts", "typescript", "js", "javascript"];

/** Type errors per block, as `file:line: message` (the block's own line numbers in the markdown). */
export function typeCheck(blocks: Block[]): Map<Block, string[]> {
    const folder = fs.mkdtempSync(path.join(REPO, "node_modules", ".docs-blocks-"));
    try {
        const files = blocks.map((block, i) => {
            const name = path.join(folder, `block${i}.${block.lang.startsWith("j") ? "js" : "ts"}`);
            // A block without imports or exports is made a module of its own, so that two blocks may declare the same names.
            const isModule = /^\s*(import|export)\b/m.test(block.body);
            fs.writeFileSync(name, isModule ? block.body : `${block.body}\nexport {};\n`);
            return name;
        });
        const program = ts.createProgram(files, {
            strict: true,
            noEmit: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.CommonJS,
            moduleResolution: ts.ModuleResolutionKind.Node10,
            esModuleInterop: true,
            skipLibCheck: true,
            allowJs: true,
            checkJs: true,
            types: ["node"],
            typeRoots: [path.join(REPO, "node_modules", "@types")],
            baseUrl: REPO,
            // The package as a program gets it: its published declarations (`npm run build` first).
            // The generated Node.js SDK from its checked-in sources (what its npm tarball compiles).
            paths: {
                "pulumi-org-accounts": ["dist/provider/index.d.ts"],
                "pulumi-org-accounts/emulator": ["dist/emulator/index.d.ts"],
                "@pulumi-org-accounts/orgaccounts": ["sdk/nodejs/index.ts"],
            },
        });
        const errors = new Map<Block, string[]>(blocks.map((b) => [b, []]));
        for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
            const index = diagnostic.file ? files.indexOf(diagnostic.file.fileName) : -1;
            const block = blocks[index];
            const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
            if (!block) {
                // An error outside the blocks (a broken package type) fails every block.
                for (const list of errors.values()) list.push(`(outside the block) ${text}`);
                continue;
            }
            const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
            errors.get(block)!.push(`${block.file}:${block.line + 1 + line}: ${text}`);
        }
        return errors;
    } finally {
        fs.rmSync(folder, { recursive: true, force: true });
    }
}

// --- shell: syntax, and the package's own commands and scripts ---

const SCRIPTS = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);

/** Shell words of a command's arguments, with quotes removed and variables given sample values. */
export function words(text: string): string[] {
    const out: string[] = [];
    const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
    for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
    return (
        out
            .map((w) => w.replace(/\$\$/g, "4242").replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, "sample"))
            // `[flags]` or `<id>` in a synopsis is a placeholder, not an argument.
            .filter((w) => !/^\[.*\]$|^<.*>$/.test(w))
    );
}

/** The problems of one command of the package (`npx pulumi-org-accounts ...` or `npm run ...`). */
export function commandProblems(line: string): string[] {
    const problems: string[] = [];
    // The command runs until a shell operator, a comment or the end of a command substitution.
    const ends = /\s*(?:&&|\|\||[;|)#]|$)/.source;
    for (const m of line.matchAll(new RegExp(`npx (?:--no-install )?pulumi-org-accounts\\b(.*?)${ends}`, "g"))) {
        const [command, ...args] = words(m[1]);
        try {
            if (command === undefined || command === "help" || command === "--help" || command === "-h") continue;
            if (command === "emulator") parseEmulatorArgs(args.filter((a) => a !== "--help" && a !== "-h"));
            else if (command === "status" || command === "list") parseStatusArgs(args.filter((a) => a !== "--help" && a !== "-h"));
            else problems.push(`pulumi-org-accounts has no command "${command}"`);
        } catch (error) {
            problems.push(`pulumi-org-accounts ${command}: ${(error as Error).message.split("\n")[0]}`);
        }
    }
    for (const m of line.matchAll(new RegExp(`npm run(?:-script)? (\\S+)(.*?)${ends}`, "g"))) {
        const script = m[1];
        if (!SCRIPTS.includes(script)) {
            problems.push(`package.json has no script "${script}" (it has ${SCRIPTS.join(", ")})`);
            continue;
        }
        const passed = words(m[2]);
        const dashes = passed.indexOf("--");
        if (script === "emulator" && dashes >= 0) {
            try {
                parseEmulatorArgs(passed.slice(dashes + 1));
            } catch (error) {
                problems.push(`npm run emulator: ${(error as Error).message.split("\n")[0]}`);
            }
        }
    }
    return problems;
}

export function shellProblems(block: Block): string[] {
    const syntax = spawnSync("bash", ["-n"], { input: block.body, encoding: "utf8" });
    const problems = syntax.status === 0 ? [] : [`bash -n: ${syntax.stderr.trim()}`];
    // One logical line per command: backslash continuations joined.
    const lines = block.body.replace(/\\\n/g, " ").split("\n");
    lines.forEach((text, i) => {
        for (const problem of commandProblems(text)) problems.push(`${block.file}:${block.line + 1 + i}: ${problem}`);
    });
    return problems;
}

// --- the tests ---

const WRONG_TS: Block = {
    file: "X.md",
    line: 10,
    lang: "ts",
    body: `import { AwsAccount } from "pulumi-org-accounts";\nnew AwsAccount("x", { name: "x", email: "x@example.com", onDelete: "delete" });\n`,
};
const tsBlocks = checked.filter((b) => TS_LANGS.includes(b.lang));
let typeErrors: Map<Block, string[]> | undefined;
/** One type-check of every block and of a deliberately wrong one (a program is slow to build). */
const typeErrorsOf = (block: Block) => (typeErrors ??= typeCheck([...tsBlocks, WRONG_TS])).get(block)!;

describe("the documentation's code blocks", () => {
    test("the documents exist, and README links every other one", () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        expect(
            docFiles()
                .slice(1)
                .filter((file) => !readme.includes(`](${file})`))
                .map((file) => `README does not link ${file}`),
        ).toEqual([]);
    });

    test("README is a first hour's read: at most 350 lines (the rest lives in docs/ and CONTRIBUTING.md)", () => {
        const lines = fs.readFileSync(path.join(REPO, "README.md"), "utf8").split("\n").length - 1;
        expect(lines).toBeLessThanOrEqual(350);
    });

    test("every relative link leads to a file, and every #anchor to a heading", () => {
        const slug = (heading: string) =>
            heading
                .trim()
                .toLowerCase()
                .replace(/[^\p{L}\p{N} _-]/gu, "")
                .replace(/ /g, "-");
        const anchorsOf = (file: string) => new Set([...fs.readFileSync(file, "utf8").matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
        const broken: string[] = [];
        for (const file of docFiles()) {
            const text = fs.readFileSync(path.join(REPO, file), "utf8").replace(/```[\s\S]*?```/g, "");
            for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
                if (/^[a-z]+:/.test(target)) continue;
                const [linked, anchor] = target.split("#");
                const resolved = linked ? path.resolve(path.dirname(path.join(REPO, file)), linked) : path.join(REPO, file);
                if (!fs.existsSync(resolved)) broken.push(`${file}: ${target} (no such file)`);
                else if (anchor && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
            }
        }
        expect(broken).toEqual([]);
    });

    test("a skipped block says why, and skips are rare", () => {
        const skipped = allBlocks.filter((b) => b.skip !== undefined);
        for (const block of skipped) expect(block.skip!.trim().length, where(block)).toBeGreaterThan(10);
        expect(skipped.length, skipped.map(where).join(", ")).toBeLessThanOrEqual(Math.max(2, Math.floor(allBlocks.length / 10)));
    });

    test("every block names its language (text for output)", () => {
        expect(allBlocks.filter((b) => b.lang === "").map(where)).toEqual([]);
    });

    test("TypeScript and JavaScript blocks type-check against the package's types", () => {
        expect(tsBlocks.length).toBeGreaterThan(0);
        expect(fs.existsSync(path.join(REPO, "dist/provider/index.d.ts")), "the package's declarations: run `npm run build` first").toBe(true);
        expect(tsBlocks.flatMap(typeErrorsOf)).toEqual([]);
    }, 120_000);

    test("JSON blocks parse", () => {
        for (const block of checked.filter((b) => b.lang === "json")) {
            expect(() => JSON.parse(block.body) as unknown, where(block)).not.toThrow();
        }
    });

    test("JSON with comments (jsonc) parses as TypeScript reads tsconfig.json", () => {
        for (const block of checked.filter((b) => b.lang === "jsonc")) {
            const { error } = ts.parseConfigFileTextToJson(where(block), block.body);
            expect(error && ts.flattenDiagnosticMessageText(error.messageText, "\n"), where(block)).toBeUndefined();
        }
    });

    test("YAML blocks parse", () => {
        for (const block of checked.filter((b) => b.lang === "yaml" || b.lang === "yml")) {
            expect(() => yaml.load(block.body), where(block)).not.toThrow();
        }
    });

    test("shell blocks pass bash -n, and name real commands, scripts and flags of the package", () => {
        const blocks = checked.filter((b) => ["sh", "bash", "shell", "console"].includes(b.lang));
        expect(blocks.length).toBeGreaterThan(0);
        expect(blocks.flatMap(shellProblems)).toEqual([]);
    });
});

describe("the checker itself catches a broken block", () => {
    const block = (lang: string, body: string): Block => ({ file: "X.md", line: 10, lang, body });

    test("a TypeScript block with a wrong input", () => {
        expect(typeErrorsOf(WRONG_TS).join("\n")).toContain(`X.md:12: Type '"delete"' is not assignable`);
    }, 120_000);

    test("an unknown command, flag or script, and bad shell syntax", () => {
        expect(commandProblems("npx pulumi-org-accounts emulatr --quiet")).toEqual(['pulumi-org-accounts has no command "emulatr"']);
        expect(commandProblems('eval "$(npx pulumi-org-accounts emulator --backgrund --stop-with $$)"')).toEqual([
            "pulumi-org-accounts emulator: unknown flag --backgrund: did you mean --background? (`pulumi-org-accounts emulator --help` lists every flag)",
        ]);
        expect(commandProblems("npx pulumi-org-accounts list --cloud huawei --sinse 7d   # a table")).toHaveLength(1);
        expect(commandProblems("npm run emulatr")[0]).toContain('package.json has no script "emulatr"');
        expect(commandProblems("npm run emulator -- --cloud gcp")[0]).toContain("--cloud must be huawei, aws or both");
        expect(commandProblems('eval "$(npx pulumi-org-accounts emulator --background --stop-with $$)"   # prints `export` lines')).toEqual([]);
        expect(commandProblems("npm run build && npx vitest run test/unit/docs-blocks.test.ts")).toEqual([]);
        expect(shellProblems(block("sh", 'echo "unclosed\n'))[0]).toMatch(/^bash -n: /);
    });
});
