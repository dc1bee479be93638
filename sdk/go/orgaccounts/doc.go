// Pulumi provider (dynamic resources and a native plugin) that declares Huawei Cloud and AWS Organizations member accounts as code
package orgaccounts
