export * from "./server";
export * from "./state";
export { verifySigV4, amzDate, sha256Hex, SIGNATURE_MISMATCH_MESSAGE, UNRECOGNIZED_CLIENT_MESSAGE } from "./sigv4";
