// Before any test: the real Pulumi CLI (found on PATH, reused from its cache, or built), so that
// every engine scenario runs through it, and the real YAML language host beside it (reused or
// built), so that YAML programs run through both. A missing CLI or host fails the run: it is never skipped.
import { createRequire } from "node:module";
import type { TestProject } from "vitest/node";

declare module "vitest" {
    export interface ProvidedContext {
        /** The folder holding `pulumi` and the dynamic-provider plugin script. */
        pulumiCliDir: string;
        /** The folder holding `pulumi-language-yaml` (the CLI's own folder unless the CLI came from PATH). */
        pulumiYamlHostDir: string;
    }
}

/** What scripts/pulumi-cli.js (CommonJS, untyped) exports, as far as this setup uses it. */
interface PulumiCliScript {
    ensurePulumiCli: () => { dir: string; yamlHostDir: string };
}

export default function setup(project: TestProject): void {
    const { ensurePulumiCli } = createRequire(import.meta.url)("../../scripts/pulumi-cli.js") as PulumiCliScript;
    const cli = ensurePulumiCli();
    project.provide("pulumiCliDir", cli.dir);
    project.provide("pulumiYamlHostDir", cli.yamlHostDir);
}
