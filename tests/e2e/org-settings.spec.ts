import { expect, test } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string | null;
}

async function emulatorOrg(slug: string): Promise<EmulatorOrg> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const org = orgs.find((o) => o.slug === slug);
  if (!org?.apiToken) throw new Error(`emulator org ${slug} has no API token`);
  return org;
}

test.describe("org settings", () => {
  test("an administrator adds an org after testing the connection, replaces its credential and archives it", async ({ page }) => {
    const msp = await emulatorOrg("msp");
    await signIn(page, "admin", { reuse: true });
    await page.goto(`${baseUrl()}/settings/orgs`);
    await expect(page.getByRole("heading", { name: "Orgs", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "Acme Corporation" })).toBeVisible();

    await page.getByRole("link", { name: "Add org" }).first().click();
    await page.getByLabel("Display name").fill("MSP Sandbox");
    await expect(page.getByLabel("Slug")).toHaveValue("msp-sandbox");
    await page.getByLabel("Okta org URL").fill(`${msp.orgUrl}/`);
    await page.getByLabel("Tags").fill("sandbox, internal");

    // A wrong token first: the test names the failing step in plain words.
    await page.getByLabel("API token", { exact: true }).fill("00this-is-not-the-right-token-000000000");
    await page.getByRole("button", { name: "Test connection" }).click();
    const result = page.getByRole("region", { name: "Connection test result" });
    await expect(result).toContainText("The API token was rejected by Okta");

    await page.getByLabel("API token", { exact: true }).fill(msp.apiToken!);
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(result).toContainText("Connection works");
    await expect(result).toContainText("Super Administrator");

    await page.getByRole("button", { name: "Add org" }).click();
    await page.waitForURL(/\/settings\/orgs\/[^/?]+\?created=1/);
    await expect(page.getByText("Org added.")).toBeVisible();
    await expect(page.getByText(msp.apiToken!)).toHaveCount(0);
    expect(await page.content()).not.toContain(msp.apiToken!);

    // Replace the credential: the token field is empty again afterwards.
    await page.getByLabel("API token", { exact: true }).fill(msp.apiToken!);
    await page.getByRole("button", { name: "Replace credential" }).click();
    await expect(page.getByText("Credential replaced.")).toBeVisible();
    await expect(page.getByLabel("API token", { exact: true })).toHaveValue("");

    // Changing the org URL asks for the credential again: the stored one is tied to the old URL.
    await expect(page.getByText("Changing it requires entering the credential again")).toBeVisible();
    const urlField = page.getByLabel("Okta org URL");
    await urlField.fill("https://msp-sandbox-moved.okta.com");
    const again = page.getByRole("region", { name: "Credential for the new org URL" });
    await expect(again).toContainText("Enter the credential again");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(again.getByText("Paste the API token")).toBeVisible();
    // Back to the saved URL: nothing to re-enter, and the org still uses it.
    await urlField.fill(`${msp.orgUrl}/`);
    await expect(again).toHaveCount(0);

    // Archive with a ticket ID.
    await page.getByRole("button", { name: "Archive org" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Archive MSP Sandbox?" });
    await dialog.getByLabel("Ticket ID (optional)").fill("CHG-42");
    await dialog.getByRole("button", { name: "Archive" }).click();
    await expect(page.getByText("This org is archived")).toBeVisible();

    await page.goto(`${baseUrl()}/settings/orgs`);
    await expect(page.getByRole("link", { name: "MSP Sandbox" })).toHaveCount(0);
    await page.goto(`${baseUrl()}/settings/orgs?archived=archived`);
    await expect(page.getByRole("link", { name: "MSP Sandbox" })).toBeVisible();
  });

  test("a read-only administrator sees orgs but no controls to change them", async ({ page }) => {
    await signIn(page, "readonly", { reuse: true });
    await page.goto(`${baseUrl()}/settings/orgs`);
    await expect(page.getByRole("link", { name: "Acme Corporation" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Add org" })).toHaveCount(0);
    await page.getByRole("link", { name: "Acme Corporation" }).click();
    await expect(page.getByRole("button", { name: "Archive org" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Replace credential" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Test connection" })).toBeVisible();
    await page.goto(`${baseUrl()}/settings/orgs/new`);
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
  });

  test("a technician cannot open org settings", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/settings/orgs`);
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
  });
});
