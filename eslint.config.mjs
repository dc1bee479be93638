// Lint for every TypeScript and JavaScript file of the repository (`npm run lint`).
// Type-aware rules use tsconfig.check.json, the project that type-checks every TypeScript file.
// The import boundaries below are the architecture's arrows, kept true by the linter.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// Where values arrive untyped (the engine's values the provider shim passes through), `any` and its uses are allowed.
const UNTYPED_VALUES_ALLOWED = {
    "@typescript-eslint/no-explicit-any": "off",
    "@typescript-eslint/no-unsafe-argument": "off",
    "@typescript-eslint/no-unsafe-assignment": "off",
    "@typescript-eslint/no-unsafe-call": "off",
    "@typescript-eslint/no-unsafe-member-access": "off",
    "@typescript-eslint/no-unsafe-return": "off",
};

// The emulators' only imports from provider/: the wire facts they share with the clients.
const EMULATOR_SHARED_WIRE_FACTS = [
    "provider/clouds/huawei/failureReasons", // the Huawei creation failure reasons the emulator can be told to answer with
    "provider/clouds/huawei/errorCodes", // the Huawei refusal codes and messages the emulator answers with
    "provider/shared/cloudNames", // the clouds' names, which the emulator command and control endpoint take
];

const emulatorImports = {
    group: ["**/emulator", "**/emulator/**"],
    message: "provider/ never imports the emulators: provider code runs against a cloud's API, not against the emulator.",
};

// What a user's program loads must stay small and free of the provider process's code.
const programSideImports = [
    emulatorImports,
    {
        group: ["**/host/**", "**/clouds/**", "**/dynamicHost"],
        allowTypeImports: true,
        message: "The program side (what a user's program imports) never loads host/ or clouds/: they run in the provider process (types may be shared).",
    },
    { group: ["zod", "zod/**"], message: "The program side does not load zod: validation runs in the provider process." },
    {
        group: ["@aws-sdk/**", "@smithy/**", "@huaweicloud/**", "undici"],
        message: "The program side loads no cloud SDK: the provider process talks to the clouds.",
    },
];

// Files a user's program loads: the package's entry and program/.
const PROGRAM_SIDE = ["provider/index.ts", "provider/program/**/*.ts"];

const importExpression = (pattern) => `ImportExpression[source.value=/${pattern}/]`;

const dynamicEmulatorImport = {
    selector: importExpression("(^|\\/)emulator(\\/|$)"),
    message: "provider/ never imports the emulators (an import() counts too).",
};

// The status functions are the program's one door into host/: loaded when a program first asks for a status.
const programDynamicImport = {
    selector: `${importExpression("(^|\\/)(host|clouds)(\\/|$)")}:not(${importExpression("^\\.\\.\\/host\\/statusQueries$")})`,
    message: "A program loads host/ only through the status functions (program/status.ts imports host/statusQueries on first call).",
};

// The emulators import from provider/ only the wire facts above.
const emulatorEscape = {
    regex: `^(\\.\\./)+provider/(?!(${EMULATOR_SHARED_WIRE_FACTS.map((f) => f.slice("provider/".length)).join("|")})$)`,
    message: `The emulators import from provider/ only the wire facts they share with the clients (${EMULATOR_SHARED_WIRE_FACTS.join(", ")}).`,
};

export default tseslint.config(
    { ignores: ["dist/**", "node_modules/**", "bench/results/**", "scripts/pulumi-cli/**", "scripts/pulumi-yaml/**"] },

    // TypeScript: the recommended rules with type information.
    {
        files: ["**/*.ts", "**/*.mts"],
        extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
        languageOptions: {
            parserOptions: { project: ["./tsconfig.check.json"], tsconfigRootDir: import.meta.dirname },
            globals: globals.node,
        },
        rules: {
            // `_`-prefixed names are deliberately unused (a parameter an interface requires).
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
        },
    },

    // Tuned, with the reason: the shim's compiled text is stored in every state (a change to it is a change to
    // every stored __provider): its methods stay async (a throw becomes the rejection the host expects),
    // require at call time, and pass the engine's untyped values through.
    {
        files: ["provider/program/providerShim.ts"],
        rules: {
            "@typescript-eslint/require-await": "off",
            "@typescript-eslint/no-require-imports": "off",
            "no-empty": "off",
            ...UNTYPED_VALUES_ALLOWED,
        },
    },

    // Tuned, with the reason: the native plugin's server reads and writes the engine's messages through the protocol
    // modules @pulumi/pulumi ships as untyped JavaScript, loaded at run time (provider/plugin/protocol.ts).
    {
        files: ["provider/plugin/protocol.ts", "provider/plugin/properties.ts", "provider/plugin/server.ts"],
        rules: UNTYPED_VALUES_ALLOWED,
    },

    // This file: an ES module run by Node.
    {
        files: ["**/*.mjs"],
        extends: [js.configs.recommended],
        languageOptions: { sourceType: "module", globals: globals.node },
    },

    // JavaScript (scripts/, bench's emulator child, fixtures): CommonJS run by Node.
    {
        files: ["**/*.js"],
        extends: [js.configs.recommended],
        languageOptions: { sourceType: "commonjs", globals: globals.node },
        rules: {
            "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
        },
    },

    // Import boundaries. ESLint applies the last matching block's options of a rule, so each file matches one block.
    {
        files: ["provider/**/*.ts"],
        ignores: [...PROGRAM_SIDE, "provider/cli/main.ts"],
        rules: {
            "no-restricted-imports": ["error", { patterns: [emulatorImports] }],
            "no-restricted-syntax": ["error", dynamicEmulatorImport],
        },
    },
    {
        // The package's command: `pulumi-org-accounts emulator` starts the emulators, loaded lazily so that
        // `status` and `list` never load them. Its static imports still keep out of the emulators.
        files: ["provider/cli/main.ts"],
        rules: { "no-restricted-imports": ["error", { patterns: [emulatorImports] }] },
    },
    {
        files: PROGRAM_SIDE,
        rules: {
            "no-restricted-imports": ["error", { patterns: programSideImports }],
            "no-restricted-syntax": ["error", dynamicEmulatorImport, programDynamicImport],
        },
    },
    {
        files: ["emulator/**/*.ts"],
        rules: { "no-restricted-imports": ["error", { patterns: [emulatorEscape] }] },
    },
    {
        files: ["bench/**/*.ts", "bench/**/*.js", "examples/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                { patterns: [{ group: ["**/test", "**/test/**"], message: "bench/ and examples/ import no test file: shared helpers live in harness/." }] },
            ],
        },
    },
);
