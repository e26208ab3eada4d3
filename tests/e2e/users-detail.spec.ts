// The user detail page (/t/<org>/users/<id>) in real Chromium against the emulator: find a locked-out
// user by last name and unlock them; reset MFA with a Ticket ID and find it in the audit log; Help Desk
// on a super admin and on the MSP-Okta Integration account (no buttons, the reason, a forged server
// action refused and audited, no Okta write); the audited deep link; clean 404s.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { account, baseUrl, emulatorUrl, oktaRequests, signIn } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string;
}
interface OktaUser {
  id: string;
  status: string;
  profile: { login: string; firstName: string; lastName: string; displayName?: string };
}

async function emulatorOrg(slug: string): Promise<EmulatorOrg> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  return orgs.find((o) => o.slug === slug)!;
}
/** Reads the emulator's Okta API directly (test setup only: the console under test never does this). */
async function okta<T>(slug: string, apiPath: string): Promise<T> {
  const org = await emulatorOrg(slug);
  const res = await fetch(`${org.orgUrl}${apiPath}`, { headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json" } });
  if (!res.ok) throw new Error(`${apiPath}: HTTP ${res.status}`);
  return (await res.json()) as T;
}
const search = (slug: string, expr: string, limit = 20) => okta<OktaUser[]>(slug, `/api/v1/users?search=${encodeURIComponent(expr)}&limit=${limit}`);

/** A super admin who is a person (not one of the MSP's service accounts). */
async function superAdminPerson(slug: string): Promise<OktaUser> {
  const assignees = await okta<{ value: Array<{ id: string }> }>(slug, "/api/v1/iam/assignees/users?limit=50");
  for (const a of assignees.value) {
    const roles = await okta<Array<{ type: string }>>(slug, `/api/v1/users/${a.id}/roles`);
    if (!roles.some((r) => r.type === "SUPER_ADMIN")) continue;
    const user = await okta<OktaUser>(slug, `/api/v1/users/${a.id}`);
    if (!/^msp-/.test(user.profile.login)) return user;
  }
  throw new Error("no super admin person in the org");
}

const userUrl = (slug: string, id: string) => `${baseUrl()}/t/${slug}/users/${id}`;
const actionsCard = (page: Page) => page.getByRole("region", { name: "Actions" });
const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });

/** The id of a server action of the build under test (its manifest), by exported name. */
function serverActionId(name: string): string {
  const file = path.join(process.cwd(), process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { exportedName: string }> };
  const found = Object.entries(manifest.node).find(([, a]) => a.exportedName === name);
  if (!found) throw new Error(`The build has no server action ${name}`);
  return found[0];
}

test.describe("user detail", () => {
  test("a technician finds a locked-out user by last name and unlocks them", async ({ page }) => {
    const [locked] = await search("acme", 'status eq "LOCKED_OUT"', 1);
    expect(locked, "acme has a locked-out user").toBeTruthy();
    const lastName = locked!.profile.lastName;
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/users`);
    const box = page.getByRole("searchbox", { name: "Search users" });
    await box.fill(lastName);
    await box.press("Enter");
    await page.waitForURL(new RegExp(`[?&]q=${encodeURIComponent(lastName)}`));
    const name = `${locked!.profile.firstName} ${locked!.profile.lastName}`;
    await page.getByRole("link", { name, exact: true }).first().click();
    await page.waitForURL(userUrl("acme", locked!.id));

    await expect(heading(page, name)).toBeVisible();
    await expect(page.getByRole("status", { name: "Status" })).toContainText("Locked out after too many failed sign-ins");
    await actionsCard(page).getByRole("button", { name: "Unlock", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: `Unlock: ${name}?` });
    await expect(dialog).toContainText("they can sign in again");
    await dialog.getByRole("button", { name: "Unlock", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Unlocked. Okta now reports: Active.")).toBeVisible();
    // The page shows Okta's state, re-read: active, and no Unlock any more.
    await expect(page.getByRole("status", { name: "Status" })).toContainText("Can sign in.");
    await expect(actionsCard(page).getByRole("button", { name: "Unlock", exact: true })).toHaveCount(0);
    expect((await okta<OktaUser>("acme", `/api/v1/users/${locked!.id}`)).status).toBe("ACTIVE");
  });

  test("a technician resets a user's MFA with a Ticket ID, and the audit log shows that ticket", async ({ page, browser }) => {
    const people = await search("acme", 'status eq "ACTIVE" and profile.userType eq "Employee"', 60);
    let target: OktaUser | undefined;
    for (const u of people) {
      const factors = await okta<unknown[]>("acme", `/api/v1/users/${u.id}/factors`);
      const roles = await okta<unknown[]>("acme", `/api/v1/users/${u.id}/roles`);
      if (factors.length >= 1 && roles.length === 0) {
        target = u;
        break;
      }
    }
    expect(target, "an active employee with MFA factors").toBeTruthy();
    const ticket = `INC-${Date.now().toString().slice(-6)}`;
    await signIn(page, "technician", { reuse: true });
    await page.goto(userUrl("acme", target!.id));
    const factorsCard = page.getByRole("region", { name: "MFA factors" });
    await expect(factorsCard.getByRole("button", { name: /^Reset this factor/ }).first()).toBeVisible();

    await actionsCard(page).getByRole("button", { name: "Reset all MFA factors" }).click();
    const dialog = page.getByRole("alertdialog", { name: /^Reset all MFA factors:/ });
    await expect(dialog.getByRole("radio", { name: "All enrolled factors" })).toBeChecked();
    await dialog.getByLabel("Ticket ID").fill(ticket);
    await dialog.getByRole("button", { name: "Reset all MFA factors" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/MFA factors reset\./)).toBeVisible();
    await expect(factorsCard.getByText("No factors enrolled")).toBeVisible();
    expect(await okta<unknown[]>("acme", `/api/v1/users/${target!.id}/factors`)).toEqual([]);

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin", { reuse: true });
    await admin.goto(`${baseUrl()}/audit?action=user.reset_factors`);
    const row = admin.locator("tbody tr[data-row-key]").filter({ hasText: ticket });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("tech@msp.example");
    await expect(row).toContainText("Success");
    await adminContext.close();
  });

  test("Help Desk sees no actions on a super admin or the MSP-Okta Integration account; a forged call is refused, audited and never reaches Okta", async ({ page, browser }) => {
    const boss = await superAdminPerson("acme");
    const [integration] = await search("acme", 'profile.login sw "msp-integration"', 1);
    expect(integration).toBeTruthy();
    // A Help Desk member of this spec's own: the console audits only so many denials per staff member
    // a minute, and the secrecy crawl's Help Desk is refused a lot meanwhile.
    const helpdesk = account("spare_helpdesk_1");
    await signIn(page, helpdesk.key, { reuse: true });

    await page.goto(userUrl("acme", boss.id));
    await expect(page.getByRole("region", { name: "Privileged user" })).toContainText("Super Administrator");
    await expect(actionsCard(page)).toContainText("No actions are available to you for this user.");
    await expect(actionsCard(page).getByRole("note", { name: "Why some actions are missing" })).toContainText(/holds an Okta admin role \(Super Administrator[,)]/);
    await expect(actionsCard(page).getByRole("button")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Reset this factor/ })).toHaveCount(0);
    // Nor "Add to group": the Groups card says why instead.
    await expect(page.getByRole("region", { name: "Groups", exact: true })).toContainText("Your role does not change the groups of privileged users.");
    await expect(page.getByRole("button", { name: "Add to group" })).toHaveCount(0);

    await page.goto(userUrl("acme", integration!.id));
    await expect(page.getByRole("region", { name: "Privileged user" })).toContainText("MSP-Okta Integration account");
    await expect(actionsCard(page).getByRole("note", { name: "Why some actions are missing" })).toContainText("is a service account: the console refuses changes to it for every role");
    await expect(actionsCard(page).getByRole("button")).toHaveCount(0);

    // A forged server-action call with Help Desk's own session: refused by the server, no Okta write.
    const since = new Date().toISOString();
    for (const target of [boss, integration!]) {
      const res = await page.request.post(userUrl("acme", target.id), {
        headers: { "Next-Action": serverActionId("resetAllFactors"), "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: baseUrl() },
        data: JSON.stringify(["acme", { userId: target.id }]),
        maxRedirects: 0,
      });
      const body = await res.text();
      expect(body).toContain('"ok":false');
      expect(body).toContain('"code":"forbidden"');
    }
    // Other specs write to acme meanwhile: a write that touches either user is one the forged calls caused.
    const writes = (await oktaRequests("acme", since)).filter((r) => r.method !== "GET" && [boss.id, integration!.id].some((id) => r.path.includes(id)));
    expect(writes).toEqual([]);

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin", { reuse: true });
    await admin.goto(`${baseUrl()}/audit?action=user.reset_factors&outcome=denied`);
    const rows = admin.locator("tbody tr[data-row-key]").filter({ hasText: helpdesk.email });
    await expect(rows).toHaveCount(2);
    await adminContext.close();
  });

  test("a temporary password is shown once to the technician who asked, then gone", async ({ page }) => {
    const people = await search("acme", 'status eq "ACTIVE" and profile.userType eq "Employee"', 40);
    let target: OktaUser | undefined;
    for (const u of people.slice(5)) {
      if ((await okta<unknown[]>("acme", `/api/v1/users/${u.id}/roles`)).length === 0) {
        target = u;
        break;
      }
    }
    await signIn(page, "technician", { reuse: true });
    await page.goto(userUrl("acme", target!.id));
    await actionsCard(page).getByRole("button", { name: "Set a temporary password" }).click();
    const confirm = page.getByRole("alertdialog", { name: /^Set a temporary password:/ });
    await confirm.getByRole("button", { name: "Set a temporary password" }).click();
    const shown = page.getByRole("dialog", { name: /^Temporary password for / });
    await expect(shown).toBeVisible();
    const secret = await shown.getByLabel("Temporary password").inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(8);
    expect(page.url()).not.toContain(secret);
    await shown.getByRole("button", { name: "Copy" }).click();
    await shown.getByRole("button", { name: "Done" }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByRole("status", { name: "Status" })).toContainText("Password expired");
    // Gone: not in the page, not in storage or cookies.
    expect(await page.content()).not.toContain(secret);
    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
    expect(stored).not.toContain(secret);
    for (const c of await page.context().cookies()) expect(c.value).not.toContain(secret);
  });

  test("an Administrator on a service account gets the override path, which asks for the Ticket ID and the typed login", async ({ page }) => {
    const [integration] = await search("acme", 'profile.login sw "msp-integration"', 1);
    await signIn(page, "admin", { reuse: true });
    await page.goto(userUrl("acme", integration!.id));
    await actionsCard(page).getByRole("button", { name: "Clear sessions (override)" }).click();
    const dialog = page.getByRole("alertdialog", { name: /^Clear sessions \(override\)/ });
    await expect(dialog).toContainText("Service-account override.");
    await expect(dialog.getByLabel("Ticket ID (required)")).toBeVisible();
    const confirm = dialog.getByRole("button", { name: "Clear sessions (override)" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type ${integration!.profile.login} to override`).fill(integration!.profile.login);
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(dialog.getByText("Enter the ticket ID: this change requires one.")).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  });

  test("the deep link is offered only with okta.deepLink and goes through the audited route", async ({ page, browser }) => {
    const [person] = await search("acme", 'status eq "ACTIVE" and profile.userType eq "Employee"', 1);
    const noDeepLink = await browser.newContext();
    const nd = await noDeepLink.newPage();
    await signIn(nd, "technician_no_deeplink", { reuse: true });
    await nd.goto(userUrl("acme", person!.id));
    await expect(heading(nd, person!.profile.firstName)).toBeVisible();
    await expect(nd.getByRole("link", { name: "Open in Okta Admin Console" })).toHaveCount(0);
    await expect(nd.getByRole("button", { name: "Open in Okta Admin Console" })).toHaveCount(0);
    const refused = await nd.request.get(`${baseUrl()}/api/t/acme/deep-link?userId=${person!.id}`, { maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    await nd.goto(`${baseUrl()}/t/acme`);
    await expect(nd.getByRole("link", { name: "Open in Okta Admin Console" })).toHaveCount(0);
    await noDeepLink.close();

    await signIn(page, "technician", { reuse: true });
    await page.goto(userUrl("acme", person!.id));
    const link = page.getByRole("link", { name: "Open in Okta Admin Console" });
    await expect(link).toHaveAttribute("href", `/api/t/acme/deep-link?userId=${person!.id}`);
    const answer = await page.request.get(`${baseUrl()}/api/t/acme/deep-link?userId=${person!.id}`, { maxRedirects: 0 });
    expect(answer.status()).toBe(303);
    expect(answer.headers().location).toBe(`${(await emulatorOrg("acme")).orgUrl}/admin/user/profile/view/${person!.id}`);
    const [popup] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toContain(`/admin/user/profile/view/${person!.id}`);
    await expect(popup.getByRole("heading", { name: `User: ${person!.profile.login}` })).toBeVisible();
    // A request marked as coming from another site is refused before anything runs.
    const crossSite = await page.request.get(`${baseUrl()}/api/t/acme/deep-link?userId=${person!.id}`, { maxRedirects: 0, headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(crossSite.status()).toBe(403);
    // The org overview offers it too.
    await page.goto(`${baseUrl()}/t/acme`);
    await expect(page.getByRole("link", { name: "Open in Okta Admin Console" })).toHaveAttribute("href", "/api/t/acme/deep-link");
  });

  test("an id that is not an Okta id, an unknown id and another org's user are a clean 404", async ({ page }) => {
    const [initechUser] = await search("initech", 'status eq "ACTIVE"', 1);
    await signIn(page, "technician", { reuse: true });
    for (const id of ["not-an-okta-id!", "00u0000000000000000x", initechUser!.id]) {
      const res = await page.goto(userUrl("acme", encodeURIComponent(id)));
      expect(res?.status(), id).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "User not found" })).toBeVisible();
      await expect(page.getByText(/Error:|at .*\.js/)).toHaveCount(0);
    }
  });
});
