// The emulators' JSON answers, as far as the tests read them. The account and creation-status shapes
// are the emulators' own wire types; a test casts a parsed body to one of these after it has checked
// the status (an error body, or the answer of the operation it called).
import type { AccountDto as AwsAccountDto, CreateAccountStatusDto as AwsCreateStatusDto } from "../emulator/aws/wire";
import type { AccountDto as HuaweiAccountDto, CreateAccountStatusDto as HuaweiCreateStatusDto } from "../emulator/huawei/wire";

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
