/**
 * The checked-in contract is what `npm run contract:update` makes of Okta's specs today. Runs only
 * where Okta's published specs sit beside the repository (../shared/okta-openapi/): a clone of the
 * project alone has no specs to compare with, and validates against the checked-in contract.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTRACT_FILE } from "../../emulator/contract/types.ts";
import { DEFAULT_SPEC_DIR, generateContract } from "../../scripts/contract-update.ts";

describe.skipIf(!fs.existsSync(DEFAULT_SPEC_DIR))("the checked-in Okta contract", () => {
  it("equals a fresh generation from ../shared/okta-openapi (run npm run contract:update when this fails)", () => {
    const fresh = generateContract(DEFAULT_SPEC_DIR);
    const checkedIn = fs.readFileSync(CONTRACT_FILE, "utf8");
    // Parsed first, so the failure shows which operations or schemas differ; then byte for byte.
    expect(JSON.parse(checkedIn)).toEqual(fresh.contract);
    expect(checkedIn).toBe(fresh.text);
  });
});
