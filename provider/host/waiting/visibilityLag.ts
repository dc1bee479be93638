// How long a new account stays invisible to reads after its creation is seen to succeed.
//
// AWS Organizations is eventually consistent: right after a creation succeeds, DescribeAccount may
// still answer AccountNotFoundException (terraform-provider-aws tolerates not-found while it waits:
// internal/service/organizations/account.go in https://github.com/hashicorp/terraform-provider-aws). A read sent in that window is a call wasted. The plugin host learns the window from
// its own new accounts: when one was not found at first, the time from seeing its creation succeed
// to the read that found it is the wait before the next new account's first read. A first read
// that finds the account keeps the wait as it is; one that misses teaches a new one.
export class VisibilityLag {
    private learnedMs = 0;

    /** @param capMs the longest wait learned, whatever a slow read said */
    constructor(private readonly capMs: number) {}

    /** The wait before the first read of a new account (0 until an account was not found at first). */
    get waitMs(): number {
        return this.learnedMs;
    }

    /** A new account was not found at first, then found by a read sent this long after its creation was seen to succeed. */
    learnMissed(foundByReadSentAfterMs: number): void {
        this.learnedMs = Math.min(this.capMs, Math.max(0, foundByReadSentAfterMs));
    }
}
