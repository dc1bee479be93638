// The plugin pulumi-resource-orgaccounts as one file: provider/plugin/main.ts and everything it
// loads (the settings, the lifecycle, both clouds' clients, @grpc/grpc-js, google-protobuf and the
// protocol modules of @pulumi/pulumi) bundled by esbuild into a CommonJS script with a shebang,
// needing only Node.js (>= 22.19) on PATH: no node_modules. scripts/release.js puts it in a single
// executable (scripts/single-executable.js) that needs no Node.js either.
"use strict";
const { createRequire } = require("node:module");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

/**
 * provider/plugin/protocol.ts loads the protocol modules with a require made at run time from
 * @pulumi/pulumi's folder (so that they share @pulumi/pulumi's google-protobuf), which a bundler
 * cannot follow. In the bundle, the same modules, resolved now from that same folder, are required
 * by their paths: esbuild bundles each once, so they still share one google-protobuf.
 */
const protocolModule = {
    name: "orgaccounts-protocol",
    setup(build) {
        build.onResolve({ filter: /^\.\/protocol$/ }, (args) =>
            args.importer === path.join(ROOT, "provider", "plugin", "server.ts") || path.dirname(args.importer) === path.join(ROOT, "provider", "plugin")
                ? { path: "protocol", namespace: "orgaccounts-protocol" }
                : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: "orgaccounts-protocol" }, () => {
            const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
            const modules = {
                grpc: "@grpc/grpc-js",
                service: "./proto/provider_grpc_pb",
                provider: "./proto/provider_pb",
                plugin: "./proto/plugin_pb",
                status: "./proto/status_pb",
                struct: "google-protobuf/google/protobuf/struct_pb",
                any: "google-protobuf/google/protobuf/any_pb",
                empty: "google-protobuf/google/protobuf/empty_pb",
                engine: "./proto/engine_pb",
                engineService: "./proto/engine_grpc_pb",
            };
            const lines = Object.entries(modules).map(([key, id]) => `    ${key}: require(${JSON.stringify(pulumiRequire.resolve(id))}),`);
            return { contents: `let loaded;\nexports.protocol = () => (loaded ??= {\n${lines.join("\n")}\n});\n`, loader: "js", resolveDir: ROOT };
        });
    },
};

/** Bundles the plugin into `outfile`; returns esbuild's warnings. */
async function bundlePlugin(outfile) {
    const esbuild = require(require.resolve("esbuild", { paths: [path.dirname(require.resolve("tsx/package.json", { paths: [ROOT] }))] }));
    const result = await esbuild.build({
        entryPoints: [path.join(ROOT, "provider", "plugin", "main.ts")],
        outfile,
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node22",
        // main.ts starts with its own shebang, which esbuild keeps.
        banner: { js: '"use strict";\nrequire("node:module").enableCompileCache?.();' },
        plugins: [protocolModule],
        legalComments: "none",
        logLevel: "silent",
        tsconfig: path.join(ROOT, "tsconfig.json"),
    });
    return result.warnings;
}

module.exports = { bundlePlugin };
