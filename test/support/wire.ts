// The emulators' JSON answers, as far as the tests read them. The account and creation-status shapes
// are the emulators' own wire types; a test casts a parsed body to one of these after it has checked
// the status (an error body, or the answer of the operation it called).
import type { AccountDto as AwsAccountDto, CreateAccountStatusDto as AwsCreateStatusDto } from "../../emulator/aws/wire";
import type { AccountDto as HuaweiAccountDto, CreateAccountStatusDto as HuaweiCreateStatusDto } from "../../emulator/huawei/wire";

export type { AwsAccountDto, AwsCreateStatusDto, HuaweiAccountDto, HuaweiCreateStatusDto };

/** A Huawei refusal. */
export interface HuaweiErrorBody {
    error_code: string;
    error_msg: string;
    request_id: string;
}

/** An Organizations (JSON 1.1) refusal. */
export interface AwsErrorBody {
    __type: string;
    Message: string;
}

/** Huawei's answer to CreateAccount and ShowCreateAccountStatus. */
export interface HuaweiCreateStatusBody {
    create_account_status: HuaweiCreateStatusDto;
}

/** The Organizations answer to CreateAccount and DescribeCreateAccountStatus. */
export interface AwsCreateStatusBody {
    CreateAccountStatus: AwsCreateStatusDto;
}

/**
 * A Huawei answer as the emulator tests read it: the members of every operation they call, and of an
 * error. A test reads those of the operation it called (after checking the status); a member the
 * answer lacks reads as undefined and fails that test's expect.
 */
export interface HuaweiBody extends HuaweiErrorBody {
    create_account_status: HuaweiCreateStatusDto;
    create_account_statuses: HuaweiCreateStatusDto[];
    close_account_statuses: { account_id: string; state: string }[];
    account: HuaweiAccountDto;
    accounts: HuaweiAccountDto[];
    page_info: { next_marker: string | null; current_count: number };
    tags: { key: string; value: string }[];
    entities: { id: string; name?: string; type: string }[];
    roots: { id: string }[];
    organizational_unit: { id: string; urn: string; name: string };
}

/** An Organizations answer as the emulator tests read it (the same contract as HuaweiBody). */
export interface AwsBody extends AwsErrorBody {
    Organization: { Id: string };
}
