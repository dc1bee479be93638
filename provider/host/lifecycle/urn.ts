// The resource's URN, as the engine names it in `pulumi up --target` and `pulumi state delete`:
// a dynamic provider is never told it, so it is rebuilt from the ownership marker (project, stack
// and resource name) and the type token. A resource with a parent has the parent's type in its URN,
// which the provider cannot know: the advice says where to find it then.
import { ownerMarker } from "../../program/owner";
import type { Outputs } from "./kind";

/** The URN of a resource without a parent, if its marker is exact (not shortened). */
export function urnOf(typeName: string, props: Outputs): string | undefined {
    const owner = props.owner;
    // A shortened marker ends with "@" and a digest, and its name is not recoverable.
    if (typeof owner !== "string" || /@[0-9a-f]{12}$/.test(owner)) return undefined;
    const [project, stack, ...rest] = owner.split("/");
    const name = rest.join("/");
    if (!project || !stack || !name || ownerMarker(project, stack, name) !== owner) return undefined;
    return `urn:pulumi:${stack}::${project}::pulumi-nodejs:dynamic/orgaccounts:${typeName}::${name}`;
}

/** The URN as a shell argument, or how to find it. */
export function urnArgument(urn: string | undefined): string {
    return urn ? `'${urn.replace(/'/g, `'\\''`)}'` : "'<its URN>'";
}

/** Where the URN comes from, said once after the commands that use it. */
export function urnNote(urn: string | undefined): string {
    return urn ? "(a resource with a parent has the parent's type in its URN: `pulumi stack --show-urns` lists them)" : "(`pulumi stack --show-urns` lists the URNs)";
}
