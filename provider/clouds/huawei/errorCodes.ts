// The service refusals the provider acts on, shared by the backend (which recognises them) and the
// emulator (which sends them). Where the documents give a rule but no code, the code is this
// project's choice: such entries say "code assumed", and the provider also recognises the
// documented fallbacks (429, 409 Organizations.1003) so a different real code is waited out or
// shown, never mistaken for success.

export interface RefusalCode {
    status: number;
    code: string;
    /** What the service says (the emulator's error_msg). */
    message: string;
}

export const HUAWEI_REFUSALS = {
    /** Error Codes page: "Concurrent modification. Try again later." */
    concurrentModification: { status: 409, code: "Organizations.1003", message: "Concurrent modification." },
    /**
     * Reference, "What the real service refuses": at most 5 account creations in progress in an
     * organization. Code assumed.
     */
    creationsInProgress: {
        status: 400,
        code: "Organizations.1300",
        message: "The number of accounts being created in the organization has reached the upper limit. Try again later.",
    },
    /** Reference: closing is limited to 3 at a time. Code assumed. */
    closingInProgress: {
        status: 400,
        code: "Organizations.1326",
        message: "The number of accounts being closed at the same time has reached the upper limit. Try again later.",
    },
    /** Reference: at most 10% of member accounts (at most 200) closed per 30 days. Code assumed. */
    closeQuota: {
        status: 400,
        code: "Organizations.1327",
        message: "The number of accounts closed in the last 30 days has reached the upper limit (10% of member accounts, at most 200).",
    },
    /**
     * Reference and terraform-provider-huaweicloud: "The account is being closed, cannot be closed
     * repeatedly." The status is not documented; 400 assumed.
     */
    alreadyClosing: { status: 400, code: "Organizations.1325", message: "The account is being closed and cannot be closed repeatedly." },
    /**
     * Reference: only an account that can stand alone can leave; the 2024 user guide: accounts
     * created in the organization cannot be removed. Code assumed.
     */
    cannotLeave: {
        status: 400,
        code: "Organizations.1330",
        message: "The account cannot be removed from the organization: it was created in the organization and cannot exist as a standalone account.",
    },
} as const satisfies Record<string, RefusalCode>;
