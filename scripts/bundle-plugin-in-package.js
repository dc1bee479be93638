// The native plugin's code in one file, dist/provider/plugin/bundle.js, which
// bin/pulumi-resource-orgaccounts runs when it exists (else dist/provider/plugin/main.js). The
// plugin is started afresh by every `pulumi preview` and `up`, once per provider instance, and most
// of its start is Node resolving, reading and wrapping a few hundred small files: one file for this
// package's own modules, zod (loaded before the first Check answer) and undici (the Huawei client's
// HTTP, loaded on Huawei's first use; nothing outside the bundle shares it) cuts that. The other
// packages stay outside the bundle and load as they do without it: the protocol modules of
// @pulumi/pulumi with the @grpc/grpc-js and google-protobuf instances they were built against
// (provider/plugin/protocol.ts), and the AWS SDK, loaded on AWS's first use.
//
// The release's plugin (scripts/bundle-plugin.js) is another bundle, of everything, for a machine with
// no node_modules. This one is run by `npm run build` after tsc, from tsc's output: a later bare `tsc` leaves the bundle stale, so
// build with `npm run build`. esbuild comes with tsx (a dev dependency); a published package ships
// the bundle (prepack runs the build).
"use strict";
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");
/** Bundled packages; every other bare import stays a require() at run time. */
const BUNDLED = new Set(["zod", "undici"]);

const externalPackages = {
    name: "external-packages",
    setup(build) {
        build.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith("node:")) return { path: args.path, external: true };
            const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
            return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
        });
    },
};

esbuild
    .build({
        absWorkingDir: root,
        entryPoints: ["dist/provider/plugin/main.js"],
        outfile: "dist/provider/plugin/bundle.js",
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node22",
        // Whitespace only: names stay readable in stack traces.
        minifyWhitespace: true,
        plugins: [externalPackages],
        logLevel: "warning",
    })
    .catch(() => process.exit(1));
