// One configured provider instance (the default provider, or one `new orgaccounts.Provider(...)`):
// its settings and, per cloud, the same host lifecycle the dynamic provider runs
// (host/lifecycles.ts): one organization per cloud, with its own queue, listings, learned history
// and credentials check. The resource calls of the engine, in the lifecycle's terms.
import type { CloudName } from "../shared/cloudNames";
import { OrgAccountsError } from "../shared/errors";
import { ownerMarker } from "../program/owner";
import type { ProviderSettings } from "../host/config/settings";
import type { AccountKind, Outputs } from "../host/lifecycle/kind";
import { awsAccountKind } from "../host/kinds/aws";
import { huaweiAccountKindFor } from "../host/kinds/huawei";
import { lifecycleOf } from "../host/lifecycles";
import { PROVIDER_KEY } from "../host/lifecycle/state";
import type { CheckFailure } from "../host/validation/inputs";
import { detailedDiff, type DetailedDiff } from "./diff";
import { importAccount } from "./importAccount";
import { UNKNOWN, type Props } from "./properties";

/** The resource types, by token. */
export const RESOURCE_TOKENS: Record<string, CloudName> = {
    "orgaccounts:index:AwsAccount": "aws",
    "orgaccounts:index:HuaweiAccount": "huawei",
};

/** Which resource a call is about: its cloud, and the ownership marker of its URN. */
export interface Target {
    cloud: CloudName;
    /** `project/stack/name`, the same marker the dynamic resource classes set. */
    owner: string;
}

/** `urn:pulumi:<stack>::<project>::<[parent$]type>::<name>` (https://www.pulumi.com/docs/iac/concepts/resources/names/#urns). */
export function targetOf(urn: string, type?: string): Target {
    const [head, project = "", qualified = "", ...name] = urn.split("::");
    const stack = head.replace(/^urn:pulumi:/, "");
    const token = type || qualified.split("$").pop() || "";
    const cloud = RESOURCE_TOKENS[token];
    if (!cloud) throw new OrgAccountsError(`unknown resource type "${token}": this provider has ${Object.keys(RESOURCE_TOKENS).join(" and ")}`);
    return { cloud, owner: ownerMarker(project, stack, name.join("::")) };
}

export interface Planned {
    id: string;
    outs: Outputs;
}

export class ProviderInstance {
    constructor(readonly settings: ProviderSettings) {}

    kind(cloud: CloudName): AccountKind<never, ProviderSettings> {
        return (cloud === "aws" ? awsAccountKind : huaweiAccountKindFor(this.settings)) as unknown as AccountKind<never, ProviderSettings>;
    }

    private lifecycle(cloud: CloudName) {
        return lifecycleOf(cloud, this.settings);
    }

    async check(target: Target, olds: Props, news: Props): Promise<CheckFailure[]> {
        // An explicit provider instance chooses the organization (a named one of the dynamic provider's config).
        if (news.organization !== undefined) {
            return [
                { property: "organization", reason: "organization: not an input of this resource: pass the organization's provider instance as the `provider` option instead" },
            ];
        }
        const { failures } = await this.lifecycle(target.cloud).check(withOwner(olds, target), withOwner(news, target));
        return failures;
    }

    diff(target: Target, olds: Props, news: Props): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } & DetailedDiff {
        const o = withOwner(olds, target);
        const n = withOwner(news, target);
        const result = this.lifecycle(target.cloud).diff(o, n);
        return { ...result, ...detailedDiff(this.kind(target.cloud), o, n, result.replaces, result.changes) };
    }

    /** `timeoutSeconds`: the resource's `customTimeouts` (0: none), where its `timeouts` input sets none. */
    async create(target: Target, props: Props, preview: boolean, timeoutSeconds = 0): Promise<Planned> {
        if (preview) return { id: "", outs: this.planned(target.cloud, props, {}) };
        const { id, outs } = await this.lifecycle(target.cloud).create(withOwner(withTimeout(props, "create", timeoutSeconds), target));
        return { id, outs: withInputTimeouts(internalsRemoved(outs), props) };
    }

    async read(target: Target, id: string, props: Props): Promise<{ id: string; props: Outputs; inputs?: Outputs }> {
        if (Object.keys(props).length === 0) return importAccount(this, target, id);
        const found = await this.lifecycle(target.cloud).read(id, withOwner(props, target));
        return { id: found.id, props: internalsRemoved(found.props), ...(found.inputs ? { inputs: internalsRemoved(found.inputs) } : {}) };
    }

    async update(target: Target, id: string, olds: Props, news: Props, preview: boolean, timeoutSeconds = 0): Promise<Outputs> {
        if (preview) return this.planned(target.cloud, news, olds);
        const { outs } = await this.lifecycle(target.cloud).update(id, withOwner(olds, target), withOwner(withTimeout(news, "create", timeoutSeconds), target));
        return withInputTimeouts(internalsRemoved(outs), news);
    }

    async delete(target: Target, id: string, props: Props, timeoutSeconds = 0): Promise<void> {
        await this.lifecycle(target.cloud).delete(id, withOwner(withTimeout(props, "delete", timeoutSeconds), target));
    }

    /**
     * What a preview shows: the inputs, the recorded outputs that do not change, and every other
     * output unknown. No API call.
     */
    private planned(cloud: CloudName, inputs: Props, olds: Props): Outputs {
        const outputKeys = [...Object.keys(this.kind(cloud).outputs(undefined, undefined)), "tagsAll"];
        const unfinished = typeof olds.accountId !== "string";
        const tagsChanged = JSON.stringify(olds.tags ?? {}) !== JSON.stringify(inputs.tags ?? {});
        const outs: Outputs = { ...olds, ...inputs };
        for (const key of outputKeys) {
            if (key === "parentId" && inputs.parentId !== undefined) continue;
            if (unfinished || (key === "tagsAll" && tagsChanged) || (key === "accountName" && inputs.name !== olds.name) || !(key in olds)) outs[key] = UNKNOWN;
        }
        return internalsRemoved(outs);
    }
}

/**
 * The engine sends a resource's `customTimeouts` with Create, Update and Delete (which a dynamic
 * provider never sees): they bound the wait the same way as the `timeouts` input, which wins.
 */
function withTimeout(props: Props, which: "create" | "delete", seconds: number): Props {
    const given = (props.timeouts ?? {}) as Record<string, unknown>;
    if (!(seconds > 0) || given[which] !== undefined) return props;
    return { ...props, timeouts: { ...given, [which]: `${Math.ceil(seconds)}s` } };
}

/** The outputs with the `timeouts` the program gave (not the ones customTimeouts added). */
function withInputTimeouts(outs: Outputs, inputs: Props): Outputs {
    const { timeouts: _added, ...rest } = outs;
    return inputs.timeouts === undefined ? rest : { ...rest, timeouts: inputs.timeouts };
}

function withOwner(props: Props, target: Target): Props {
    return { ...props, owner: target.owner };
}

/** The dynamic provider's internals (its `__provider`, the marker this plugin derives from the URN) are not the resource's. */
function internalsRemoved(props: Outputs): Outputs {
    const { [PROVIDER_KEY]: _provider, owner: _owner, ...rest } = props;
    return rest;
}
