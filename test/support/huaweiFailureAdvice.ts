// What the advice for each create-account failure reason of the status page must say
// (https://support.huaweicloud.com/intl/en-us/api-organizations/ShowCreateAccountStatus.html): the step that
// failed, or what the user can change. Shared by the tests that check advice content.

export const HUAWEI_FAILURE_ADVICE: Record<string, RegExp> = {
    "error.0000": /failed on its side.*status id/,
    "error.1000": /credentials belong to the organization's management account/,
    "error.2000": /email is already used.*choose another email for this resource and run `pulumi up` again \(no account was created\)/,
    "error.2001": /choose another name\. Only if it is an active account of this organization can this resource take it over instead \(adopt: true\)/,
    "error.3000": /resource account was not set up.*status id/,
    "error.3001": /another phone number/,
    "error.4000": /birth token was not issued.*status id/,
    "error.5000": /IAM permissions for agencies/,
    "error.6000": /agencyName \(1-32 characters, unique\)/,
    "error.6001": /let it read permissions/,
    "error.6002": /grant permissions to the new account's agency/,
    "error.7000": /could not join the management account's unified accounting/,
    "error.7001": /real-name authentication quota/,
    "error.7002": /unified accounting associations could not be read/,
};
