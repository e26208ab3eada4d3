// A complete, valid configuration for tests that reach code reading lib/env (vitest setupFiles).
// Tests that need other values set them before importing what they test.
import { randomBytes } from "node:crypto";

process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64");
process.env.CREDENTIAL_KEYS ??= `test1:${randomBytes(32).toString("base64")}`;
process.env.AUDIT_KEYS ??= `audit1:${randomBytes(32).toString("base64")}`;
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "test-secret";
