// Before any test: the real Pulumi CLI (found on PATH, reused from its cache, or built), so that
// every engine scenario runs through it. A missing CLI fails the run: it is never skipped.
import { createRequire } from "node:module";
import type { TestProject } from "vitest/node";

declare module "vitest" {
    export interface ProvidedContext {
        /** The folder holding `pulumi` and the dynamic-provider plugin script. */
        pulumiCliDir: string;
    }
}

/** What scripts/pulumi-cli.js (CommonJS, untyped) exports, as far as this setup uses it. */
interface PulumiCliScript {
    ensurePulumiCli: () => { dir: string };
}

export default function setup(project: TestProject): void {
    const { ensurePulumiCli } = createRequire(import.meta.url)("../../scripts/pulumi-cli.js") as PulumiCliScript;
    project.provide("pulumiCliDir", ensurePulumiCli().dir);
}
