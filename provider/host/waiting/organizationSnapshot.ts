// The organization's create-account requests and accounts as this plugin host knows them: listed
// once, by the first creation that looks, then kept up to date with what the host itself submits
// and sees end. Every creation of a `pulumi up` looks for a request or an account of its own
// before it submits (an earlier run may have made it and lost track of it); listing the whole
// organization for each one is quadratic in a fleet (AWS lists 20 a page), so they share one.
//
// Why one listing suffices: a request this resource may own was made by an earlier run of its
// stack, which ended before this plugin host started (a stack has one update at a time: the
// Pulumi Cloud and the self-managed backends lock it, pulumi/pulumi#8565), so the first listing
// holds it. What the listing does not hold was made since, by this
// host (noted here as it happens) or by someone else; the latter is not this stack's, and the
// cloud itself refuses a second account with its unique name (Huawei) or email (AWS). Where a
// fresher answer matters (an ambiguous submission, an adoption), callers ask for `fresh`.
import type { AccountSummary, CreationStatus } from "../../clouds/backend";
import { SharedLoad } from "../../shared/concurrency";

export interface ListingBackend {
    listCreations(): Promise<CreationStatus[]>;
    listAccounts(): Promise<AccountSummary[]>;
}

export class OrganizationSnapshot {
    private readonly requestListing: SharedLoad<CreationStatus[]>;
    private readonly accountListing: SharedLoad<AccountSummary[]>;
    /** Requests this host submitted or saw end, by id: newer than any listing made before. */
    private readonly seen = new Map<string, CreationStatus>();

    constructor(
        backend: () => ListingBackend,
        /** Each listing of requests made (it feeds the organization's history). */
        onListing: (requests: CreationStatus[]) => void = () => {},
    ) {
        this.requestListing = new SharedLoad(async () => {
            const list = await backend().listCreations();
            onListing(list);
            return list;
        });
        this.accountListing = new SharedLoad(() => backend().listAccounts());
    }

    /** The organization's requests (in progress or succeeded), with what this host knows since laid over them. */
    async requests(fresh = false): Promise<CreationStatus[]> {
        const byId = new Map((await this.requestListing.get(fresh)).map((c) => [c.id, c]));
        for (const [id, status] of this.seen) {
            const listed = byId.get(id);
            // A listing made after this host's own answer may still show the request in progress (eventual consistency).
            if (!listed || listed.state === "in_progress" || status.state !== "in_progress") byId.set(id, status);
        }
        return [...byId.values()];
    }

    /** The organization's accounts as listed; the accounts this host created are known by their requests. */
    accounts(fresh = false): Promise<AccountSummary[]> {
        return this.accountListing.get(fresh);
    }

    /** A request this host submitted, took over or saw end. */
    note(status: CreationStatus): void {
        const known = this.seen.get(status.id);
        this.seen.set(status.id, { ...known, ...status, accountName: status.accountName ?? known?.accountName });
    }
}
