// The test controls over an emulated AWS organization, beyond those both clouds share
// (OrganizationModel): start over, add members, grant what removal needs, add OUs, look inside.
import { randomAlnum } from "../core/records";
import { parentNotFound } from "./errors";
import type { AccountState, JoinedMethod, Standalone, Tag } from "./model";
import { AwsOrganization } from "./state";
import { accountArn, statusDto } from "./wire";
import type { AccountSnapshot, CreateAccountStatusSnapshot } from "./wire";

/** An emulated AWS organization with the controls a test has over it. */
export class AwsOrganizationState extends AwsOrganization {
    /** Back to the organization as it started (same ids): every other account, request, OU and script is forgotten. */
    reset(): void {
        this.resetModel();
        for (const collection of [this.usedEmails, this.ous, this.rootTags]) collection.clear();
        this.closedAt.length = 0;
        this.seed();
    }

    /** An account that is already a member (not created through the API), e.g. for adoption tests. Returns its id. */
    addAccount(input: { name: string; email: string; parentId?: string; tags?: Tag[] | Record<string, string>; joinedMethod?: JoinedMethod; state?: AccountState }): string {
        const parentId = input.parentId ?? this.rootId;
        if (!this.isContainer(parentId)) throw new Error(`unknown parent ${parentId}`);
        if (this.usedEmails.has(input.email.toLowerCase())) throw new Error(`email ${input.email} already used`);
        const tags = Array.isArray(input.tags) ? input.tags : Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
        const account = this.insertAccount({ name: input.name, email: input.email, parentId, tags, joinedMethod: input.joinedMethod ?? "INVITED" });
        if (input.state) account.state = input.state;
        return account.id;
    }

    /** The account gets what it needs to stand alone (all of it by default): removal may then go ahead. */
    makeStandalone(id: string, parts: Partial<Standalone> = { paymentInstrument: true, eula: true, phoneVerified: true }): void {
        const account = this.knownAccount(id);
        Object.assign(account.standalone, parts);
    }

    /** Ends the waiting period of an account made by CreateAccount (as if it had joined long ago). */
    endWaitPeriod(id: string): void {
        const account = this.knownAccount(id);
        account.joinedAt = new Date(this.now().getTime() - this.options.removalWaitPeriodMs - 1);
    }

    /** Returns the new OU's id (`ou-<root suffix>-<8 chars>`). */
    createOrganizationalUnit(name: string, parentId: string = this.rootId): string {
        if (!this.isContainer(parentId)) throw parentNotFound(parentId);
        const id = `ou-${this.rootId.slice(2)}-${randomAlnum(8)}`;
        this.ous.set(id, { seq: this.nextSeq(), id, name, parentId, tags: new Map() });
        return id;
    }

    accounts(): AccountSnapshot[] {
        return [...this.accountsById.values()]
            .sort((a, b) => a.seq - b.seq)
            .map((a) => ({
                id: a.id,
                arn: accountArn(this, a.id),
                name: a.name,
                email: a.email,
                parentId: a.parentId,
                state: a.state,
                joinedMethod: a.joinedMethod,
                joinedAt: a.joinedAt,
                tags: [...a.tags].map(([Key, Value]) => ({ Key, Value })),
            }));
    }

    /** Visible (not expired) status records, in request order. */
    createAccountStatuses(): CreateAccountStatusSnapshot[] {
        return this.statuses.filter((s) => !s.expired).map((s) => ({ ...statusDto(s), email: s.email }));
    }

    organizationalUnits(): { id: string; name: string; parentId: string }[] {
        return [...this.ous.values()].map((o) => ({ id: o.id, name: o.name, parentId: o.parentId }));
    }
}
