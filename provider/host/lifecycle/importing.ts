// Importing: an existing account taken under management by id (`pulumi import`, the `import`
// resource option), from a create-account request id or the account's own id. It reads and
// never writes: the resource's state and inputs are built from what the account is, so that the
// next `pulumi up` with those inputs changes nothing.
import type { AccountRecord, CommonAccountInputs, CreationStatus } from "../../clouds/backend";
import { OrgAccountsError } from "../../shared/errors";
import { OWNER_TAG_KEY } from "../../program/owner";
import { validateInputs } from "../validation/inputs";
import type { LifecycleContext } from "./context";
import type { ImportIdForms, Outputs } from "./kind";
import { resourceTags, stateFor, stripUndefined } from "./state";

/** What an import gives the engine: the resource's id, its state (outputs) and its inputs. */
export interface Imported {
    id: string;
    props: Outputs;
    inputs: Outputs;
}

/** Stands in for the owner while the inputs are checked, when the caller gives none. */
const OWNER_FOR_CHECK = "import";

export class Importing<I extends CommonAccountInputs, S> {
    constructor(private readonly context: LifecycleContext<I, S>) {}

    /**
     * `id`: a create-account request id or an account id, in the kind's forms. The resource keeps
     * the request id when the organization still lists the account's request (as `create` stores
     * it), else the account id (requests expire; an invited account has none). `owner`: the
     * ownership marker of the resource importing it, recorded in the state and inputs.
     */
    async importAccount(id: string, owner?: string): Promise<Imported> {
        const forms = this.forms;
        let creation: CreationStatus | undefined;
        let record: AccountRecord;
        if (forms.request.pattern.test(id)) {
            creation = await this.context.backend.getCreation(id);
            if (!creation) throw this.nothing(`no create-account request "${id}"`, "the service forgets requests after a while: import the account by its account id instead");
            record = await this.accountOf(creation);
        } else if (forms.account.pattern.test(id)) {
            const found = await this.context.backend.describeAccount(id);
            if (!found) throw this.nothing(`no account "${id}"`, "check the id and that the provider's settings point to the organization that holds the account");
            record = this.active(found);
            creation = (await this.context.backend.listCreations(["succeeded"])).find((c) => c.accountId === record.accountId);
        } else {
            throw new OrgAccountsError(
                `cannot import ${this.context.kind.typeName} "${id}": the id must be ${forms.request.described} or ${forms.account.described}. ` +
                    `Pass one of these as the id of \`pulumi import\` (or of the import resource option).`,
            );
        }
        const inputs = this.inputsOf(record, owner);
        const foreign = record.tags[OWNER_TAG_KEY];
        if (foreign !== undefined && foreign !== owner) {
            this.context.log(
                `${this.context.label(inputs)}: account ${record.accountId} carries the ownership marker "${foreign}": another stack or resource may manage it too. ` +
                    `This resource's marker replaces it at the resource's next update.`,
            );
        }
        return { id: creation?.id ?? record.accountId, props: stateFor(this.context, {}, inputs, creation, record), inputs: stripUndefined(inputs) };
    }

    private get forms(): ImportIdForms {
        const forms = this.context.kind.importIds;
        if (!forms) throw new OrgAccountsError(`${this.context.kind.typeName} cannot be imported by id`);
        return forms;
    }

    /** The account a succeeded request made. */
    private async accountOf(creation: CreationStatus): Promise<AccountRecord> {
        const request = `create-account request "${creation.id}"`;
        if (creation.state === "in_progress") {
            throw this.refused(`${request} is still in progress, so no account exists yet`, "import it once the request has succeeded");
        }
        if (creation.state === "failed" || !creation.accountId) {
            const why = creation.failureMessage ?? creation.failureReason ?? "no reason given";
            throw this.refused(`${request} ended failed (${why}), so it made no account`, "there is nothing to import");
        }
        const record = await this.context.backend.describeAccount(creation.accountId);
        if (!record) {
            throw this.nothing(
                `no account "${creation.accountId}" (made by ${request})`,
                "it has left the organization; if the request succeeded moments ago, the account may not be visible yet: import again in a minute",
            );
        }
        return this.active(record);
    }

    /** A closing or closed account is not managed (read takes it as deleted). */
    private active(record: AccountRecord): AccountRecord {
        if (!this.context.goneStates.includes(record.state)) return record;
        throw this.refused(`account "${record.accountId}" is ${record.state}, no longer active in the organization`, "there is nothing to manage");
    }

    /**
     * What the account has, as inputs: its name, email, parent, tags (neither the ownership marker
     * nor the organization's default tags, which the provider adds itself), the cloud's own
     * readable attributes, and the default onDelete. What the cloud never reports (AWS roleName
     * and iamUserAccessToBilling, Huawei agencyName) is left unset.
     */
    private inputsOf(record: AccountRecord, owner: string | undefined): I {
        const { kind } = this.context;
        const base = {
            name: record.name,
            ...(record.email ? { email: record.email } : {}),
            ...(record.parentId ? { parentId: record.parentId } : {}),
            ...nonEmpty(resourceTags(this.context, record.tags, undefined)),
            onDelete: kind.defaultOnDelete,
            owner: owner ?? OWNER_FOR_CHECK,
        } as unknown as I;
        // An empty description reads back as "": the same as none.
        const current = stripUndefined(kind.currentInputs(record, base)) as Record<string, unknown>;
        if (current.description === "") delete current.description;
        const { value, failures } = validateInputs(kind.schema, current);
        if (!value) {
            throw new OrgAccountsError(
                `cannot import account ${record.accountId} as ${kind.typeName}: what it has breaks this resource's rules (${failures.map((f) => f.reason).join("; ")}). ` +
                    `Change the account in the ${this.forms.cloud} console to fit them, then import it again.`,
            );
        }
        if (owner === undefined) delete current.owner;
        return current as unknown as I;
    }

    private where(): string {
        const endpoint = this.context.backend.describeEndpoint?.();
        return `the ${this.forms.cloud} organization${endpoint ? ` at ${endpoint}` : ""}`;
    }

    /** The id names nothing: what was looked up and where. */
    private nothing(what: string, hint: string): OrgAccountsError {
        return new OrgAccountsError(`cannot import ${this.context.kind.typeName}: ${this.where()} has ${what}. ${capitalized(hint)}.`);
    }

    private refused(what: string, hint: string): OrgAccountsError {
        return new OrgAccountsError(`cannot import ${this.context.kind.typeName}: in ${this.where()}, ${what}: ${hint}.`);
    }
}

function nonEmpty(tags: Record<string, string>): { tags?: Record<string, string> } {
    return Object.keys(tags).length > 0 ? { tags } : {};
}

function capitalized(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
