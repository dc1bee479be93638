// The ownership marker: a tag every account this provider creates carries, naming the project,
// stack and resource that own it. It tells this resource's own earlier requests from anyone
// else's when an interrupted run is repeated.
import { createHash } from "node:crypto";

/** The tag that carries the marker, on every account this provider creates or adopts. */
export const OWNER_TAG_KEY = "pulumi-org-accounts:owner";

const MAX_LENGTH = 200;

export function ownerMarker(project: string, stack: string, resourceName: string): string {
    const raw = `${project}/${stack}/${resourceName}`;
    // Both clouds allow letters, digits, spaces and _ . : / = + - @ in tag values.
    const safe = raw.replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, "_");
    if (safe === raw && raw.length <= MAX_LENGTH) return raw;
    const digest = createHash("sha256").update(raw).digest("hex").slice(0, 12);
    return `${safe.slice(0, MAX_LENGTH)}@${digest}`;
}
