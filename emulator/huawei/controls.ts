// The test controls over an emulated Huawei Cloud organization, beyond those both clouds share
// (OrganizationModel): start over, add members and OUs, keep names unique on a drift, look inside.
import { randomAlnum } from "../core/records";
import { notFound } from "./errors";
import type { AccountRecord, OuRecord, Tag } from "./model";
import { HuaweiOrganization } from "./state";
import { closeStatusDto, statusDto } from "./wire";
import type { AccountSnapshot, CloseAccountStatusDto, CreateAccountStatusDto } from "./wire";

/** An emulated Huawei Cloud organization with the controls a test has over it. */
export class HuaweiOrganizationState extends HuaweiOrganization {
    /** Back to the organization as it started (same ids): every other account, request, OU and script is forgotten. */
    reset(): void {
        this.resetModel();
        for (const collection of [this.usedNames, this.usedEmails, this.closedPhones, this.ous]) collection.clear();
        this.closeStatuses.length = 0;
        this.seed();
    }

    /** Account names are unique across the cloud, even for a rename outside the API. */
    protected override checkOutOfBandName(_account: AccountRecord, name: string): void {
        if (this.usedNames.has(name)) throw new Error(`account name ${name} already used`);
    }

    protected override rename(account: AccountRecord, name: string): void {
        this.usedNames.add(name);
        account.name = name;
    }

    /** An account that is already a member (not created through the API), e.g. for adoption tests. */
    addAccount(input: {
        name: string;
        email?: string;
        phone?: string;
        description?: string;
        parentId?: string;
        tags?: Tag[] | Record<string, string>;
        joinMethod?: "created" | "invited";
    }): string {
        const parentId = input.parentId ?? this.rootId;
        if (!this.isContainer(parentId)) throw new Error(`unknown parent ${parentId}`);
        if (this.usedNames.has(input.name)) throw new Error(`account name ${input.name} already used`);
        const tags = Array.isArray(input.tags) ? input.tags : Object.entries(input.tags ?? {}).map(([key, value]) => ({ key, value }));
        return this.insertAccount({ ...input, tags, parentId, joinMethod: input.joinMethod ?? "invited" }).id;
    }

    createOrganizationalUnit(name: string, parentId: string = this.rootId): string {
        if (!this.isContainer(parentId)) throw notFound(`The parent ${parentId} does not exist.`);
        const id = "ou-" + randomAlnum(32);
        this.ous.set(id, { seq: this.nextSeq(), id, name, parentId, createdAt: this.now() });
        return id;
    }

    accounts(): AccountSnapshot[] {
        return [...this.accountsById.values()].map((a) => ({
            id: a.id,
            name: a.name,
            email: a.email,
            phone: a.phone,
            description: a.description,
            agencyName: a.agencyName,
            tags: [...a.tags].map(([key, value]) => ({ key, value })),
            parentId: a.parentId,
            status: a.status,
            joinMethod: a.joinMethod,
            joinedAt: a.joinedAt,
        }));
    }

    createAccountStatuses(): CreateAccountStatusDto[] {
        return this.statuses.filter((s) => !s.expired).map(statusDto);
    }

    closeAccountStatuses(): CloseAccountStatusDto[] {
        return this.closeStatuses.map((c) => closeStatusDto(this, c));
    }

    organizationalUnits(): OuRecord[] {
        return [...this.ous.values()].map((o) => ({ ...o }));
    }
}
