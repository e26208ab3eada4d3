import { expect, test } from "@playwright/test";
import { account, baseUrl, signIn } from "./helpers";

test.describe("teams", () => {
  test('an Administrator creates "Tier 1" with Help Desk on two orgs, and a member sees exactly those two', async ({ browser }) => {
    // The newcomer signs in first: no grant yet, so no org at all.
    const member = account("noteam");
    const memberContext = await browser.newContext();
    const memberPage = await memberContext.newPage();
    await signIn(memberPage, "noteam", { reuse: true });
    await expect(memberPage.getByText("No customer orgs yet")).toBeVisible();
    // The org picker opens the org palette (a dialog): it lists nothing for them.
    await memberPage.getByRole("button", { name: "Go to org" }).click();
    await expect(memberPage.getByRole("dialog", { name: "Go to org" }).getByText("You don't have access to any org yet.")).toBeVisible();
    await expect(memberPage.getByRole("option")).toHaveCount(0);
    await memberPage.keyboard.press("Escape");

    // The Administrator builds the team in a separate browser session.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin", { reuse: true });
    await admin.getByRole("link", { name: "Teams" }).click();
    await admin.getByRole("link", { name: "New team" }).click();
    await admin.getByLabel("Name").fill("Tier 1");
    await admin.getByLabel("Role").selectOption({ label: "Help Desk" });
    await admin.getByRole("radio", { name: "Chosen orgs" }).check();
    await admin.getByRole("checkbox", { name: /Acme Corporation/ }).check();
    await admin.getByRole("checkbox", { name: /Initech/ }).check();
    await admin.getByRole("button", { name: "Create team" }).click();
    await admin.waitForURL(/\/settings\/teams\/[^/]+$/);
    await admin.getByLabel("Add a member").selectOption({ label: `${member.name} (${member.email})` });
    await admin.getByRole("button", { name: "Add", exact: true }).click();
    await expect(admin.getByRole("button", { name: `Remove ${member.name} from Tier 1` })).toBeVisible();
    await adminContext.close();

    // On the member's next request: exactly Acme and Initech, as Help Desk.
    await memberPage.reload();
    const cards = memberPage.getByRole("list", { name: "Customer orgs" }).getByRole("listitem");
    await expect(cards).toHaveCount(2);
    await expect(cards.filter({ hasText: "Acme Corporation" })).toContainText("Help Desk");
    await expect(cards.filter({ hasText: "Initech" })).toContainText("Help Desk");
    await memberPage.keyboard.press("Control+k");
    const options = memberPage.getByRole("option");
    await expect(options).toHaveCount(2);
    await expect(memberPage.getByRole("option", { name: /Acme Corporation/ })).toBeVisible();
    await expect(memberPage.getByRole("option", { name: /Initech/ })).toBeVisible();
    await memberPage.keyboard.press("Escape");

    // A third org is unknown to them: its page is a plain 404.
    const res = await memberPage.goto(`${baseUrl()}/t/contoso`);
    expect(res?.status()).toBe(404);
    await memberContext.close();
  });
});
