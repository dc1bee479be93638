// The builds a user installs from a file (scripts/release.js, what `npm run release` writes), one
// at a time, typed for the tests that install them.
import { createRequire } from "node:module";

export type ReleaseKind = "plugin" | "nodejs" | "python" | "go";

interface ReleaseScript {
    buildOne: (kind: ReleaseKind, out: string) => Promise<string>;
    version: () => string;
}
const script = createRequire(import.meta.url)("../../scripts/release.js") as ReleaseScript;

/** Builds one artifact into `out` (an existing folder) and returns its path: a file, or the Go module's folder. */
export const buildRelease = (kind: ReleaseKind, out: string): Promise<string> => script.buildOne(kind, out);

/** The version every artifact carries (the package's, checked against the schema and the SDKs). */
export const releaseVersion = (): string => script.version();
