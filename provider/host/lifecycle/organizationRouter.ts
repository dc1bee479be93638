// Sends each provider call to the lifecycle of the organization the resource names (its
// `organization` input, or in its recorded outputs for read and delete), so that each
// organization has its own backend, connection pools, creation queue, listings and credentials
// check. The unnamed default organization is today's single-organization behaviour.
import type { Outputs } from "./accountLifecycle";
import { OrgAccountsError } from "../../shared/errors";
import type { CloudName } from "../../shared/cloudNames";
import { ORGANIZATIONS_KEY } from "../config/organizations";
import { UNKNOWN } from "../validation/inputs";

/** What the plugin host calls on a lifecycle (AccountLifecycle has these). */
export interface LifecycleCalls {
    check(olds: Outputs, news: Outputs): unknown; // a result or its promise
    diff(olds: Outputs, news: Outputs): unknown; // a result or its promise
    create(inputs: Outputs): Promise<unknown>;
    read(id: string, props: Outputs): Promise<unknown>;
    update(id: string, olds: Outputs, news: Outputs): Promise<unknown>;
    delete(id: string, props: Outputs): Promise<unknown>;
}

export interface OrganizationDirectory {
    cloud: CloudName;
    /** The names declared for this cloud. */
    names(): string[];
    /** Undefined when no organization of this cloud has that name. */
    lifecycleFor(name: string | undefined): LifecycleCalls | undefined;
}

const ORGANIZATION_INPUT = "organization";

export class OrganizationRouter implements LifecycleCalls {
    constructor(private readonly directory: OrganizationDirectory) {}

    check(olds: Outputs, news: Outputs) {
        const name = news[ORGANIZATION_INPUT];
        // Not known yet (preview): checked once it is.
        if (name === UNKNOWN) return { inputs: news, failures: [] };
        if (name !== undefined && typeof name !== "string") {
            return {
                inputs: news,
                failures: [{ property: ORGANIZATION_INPUT, reason: `organization: must be the name of an organization declared in ${ORGANIZATIONS_KEY} (a string)` }],
            };
        }
        const lifecycle = this.directory.lifecycleFor(name);
        if (!lifecycle) return { inputs: news, failures: [{ property: ORGANIZATION_INPUT, reason: this.undeclared(name!) }] };
        return lifecycle.check(olds, news);
    }

    diff(olds: Outputs, news: Outputs) {
        return this.route(news[ORGANIZATION_INPUT] === UNKNOWN ? olds : news).diff(olds, news);
    }

    create(inputs: Outputs) {
        return this.route(inputs).create(inputs);
    }

    read(id: string, props: Outputs) {
        return this.route(props).read(id, props);
    }

    update(id: string, olds: Outputs, news: Outputs) {
        return this.route(news).update(id, olds, news);
    }

    delete(id: string, props: Outputs) {
        return this.route(props).delete(id, props);
    }

    private route(values: Outputs): LifecycleCalls {
        const name = values[ORGANIZATION_INPUT] as string | undefined;
        const lifecycle = this.directory.lifecycleFor(name);
        if (!lifecycle) throw new OrgAccountsError(`${this.undeclared(name!)}; an account recorded in it needs the organization declared again to be managed`);
        return lifecycle;
    }

    private undeclared(name: string): string {
        const declared = this.directory.names();
        const which = declared.length
            ? `the ${this.directory.cloud} organizations declared there are ${declared.map((n) => `"${n}"`).join(", ")}`
            : `none is declared there for ${this.directory.cloud}`;
        return `organization: "${name}" is not declared in ${ORGANIZATIONS_KEY} (${which}). Declare it with \`pulumi config set --path '${ORGANIZATIONS_KEY}.${name}.cloud' ${this.directory.cloud}\` and its settings, or correct the name`;
    }
}
