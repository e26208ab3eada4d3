// The CSV import of users in real Chromium: a technician uploads a 50-row CSV (generated here, unique
// logins) with 3 bad rows (an invalid email, a login twice, a formula in a name), sees the validation
// report name them, skips them, reads the dry run, starts the import, watches the job's progress bar
// reach 100% and downloads the job's report: 47 people created, each in Okta. Its own logins only.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn, unique } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string;
}

async function oktaUsersByLoginPrefix(slug: string, prefix: string): Promise<Array<{ profile: { login: string }; status: string }>> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const org = orgs.find((o) => o.slug === slug)!;
  const res = await fetch(`${org.orgUrl}/api/v1/users?search=${encodeURIComponent(`profile.login sw "${prefix}"`)}&limit=200`, {
    headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json" },
  });
  return (await res.json()) as Array<{ profile: { login: string }; status: string }>;
}

test("import 50 rows with 3 bad ones: report, skip, dry run, run to 100%, download the report", async ({ page }) => {
  test.setTimeout(180_000);
  const tag = `imp${unique()}`;
  const login = (i: number) => `${tag}.${i}@acme-import.example`;
  const lines = ["First Name,Last Name,Email,Username,Department"];
  for (let i = 1; i <= 50; i++) {
    if (i === 10) lines.push(`Bad,Email,not-an-email,${login(i)},Sales`);
    else if (i === 20) lines.push(`Twice,Again,${login(5)},${login(5)},Sales`);
    else if (i === 30) lines.push(`=HYPERLINK("http://x"),Formula,${login(i)},${login(i)},Sales`);
    else lines.push(`Person${i},Imported,${login(i)},${login(i)},Sales`);
  }
  const csv = `\uFEFF${lines.join("\r\n")}\r\n`;

  await signIn(page, "technician", { reuse: true });
  await page.goto(`${baseUrl()}/t/acme/users`);
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import users from a CSV file" })).toBeVisible();
  await page.getByLabel("CSV file").setInputFiles({ name: `${tag}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });

  // The mapping was guessed from the headers.
  await expect(page.getByRole("combobox", { name: "Column Username goes to" })).toHaveValue("login");
  await expect(page.getByRole("combobox", { name: "Column First Name goes to" })).toHaveValue("firstName");

  // The report: 47 ready, 3 with problems, each with its reason.
  const status = page.getByRole("status").filter({ hasText: "50 rows" });
  await expect(status).toContainText("47 ready");
  await expect(status).toContainText("3 with problems");
  const problems = page.getByRole("table", { name: "Rows with problems" });
  await expect(problems.getByRole("row", { name: /^11 / })).toContainText("is not a valid email address");
  await expect(problems.getByRole("row", { name: /^21 / })).toContainText("is also on row 6 of this file");
  await expect(problems.getByRole("row", { name: /^31 / })).toContainText("which a spreadsheet would run as a formula");

  await page.getByRole("button", { name: "Skip all 3 rows with problems" }).click();
  await expect(status).toContainText("0 with problems");
  await expect(status).toContainText("3 skipped");

  // The dry run lists exactly who would be created.
  const dry = page.getByRole("table", { name: "Users that would be created" });
  await expect(dry.locator("tbody tr")).toHaveCount(47);
  await expect(dry).toContainText(login(1));
  await expect(dry).not.toContainText(login(10));

  await page.getByLabel("Create them staged (activate later)").check();
  await page.getByRole("button", { name: "Create 47 users…" }).click();
  const dialog = page.getByRole("alertdialog", { name: /Create 47 users in/ });
  await dialog.getByLabel(/Ticket ID/).fill(`IMP-${tag}`);
  await dialog.getByRole("button", { name: "Start import" }).click();

  // The job page: the progress bar reaches 100%.
  await page.waitForURL(/\/t\/acme\/jobs\/[^/?]+$/);
  const bar = page.getByRole("progressbar").first();
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 120_000 });

  // The report: one line per person, all created.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: /report/i }).first().click();
  const download = await downloadPromise;
  const report = fs.readFileSync((await download.path())!, "utf8");
  for (const i of [1, 2, 49, 50]) expect(report).toContain(login(i));
  expect(report).not.toContain(login(10));
  expect(report.match(new RegExp(`${tag}\\.\\d+@`, "g"))?.length ?? 0).toBeGreaterThanOrEqual(47);

  const created = await oktaUsersByLoginPrefix("acme", `${tag}.`);
  expect(created).toHaveLength(47);
  expect(new Set(created.map((u) => u.status))).toEqual(new Set(["STAGED"]));
});

test("the template has this org's attributes; a file that is not UTF-8 is refused with a sentence", async ({ page }) => {
  await signIn(page, "technician", { reuse: true });
  await page.goto(`${baseUrl()}/t/acme/users/import`);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download template" }).click();
  const template = fs.readFileSync((await (await downloadPromise).path())!, "utf8");
  const header = template.replace(/^\uFEFF/, "").split("\r\n")[0]!;
  expect(header.startsWith('"login","email","firstName","lastName"')).toBe(true);
  expect(header).toContain('"department"');
  expect(header.endsWith('"groups"')).toBe(true);

  const latin1 = Buffer.from([...Buffer.from("firstName,lastName,email,login\nZo"), 0xeb, ...Buffer.from(",X,z@x.example,z@x.example\n")]);
  await page.getByLabel("CSV file").setInputFiles({ name: "latin1.csv", mimeType: "text/csv", buffer: latin1 });
  await expect(page.getByRole("alert").filter({ hasText: "This file cannot be imported" })).toContainText("not valid UTF-8");
  await expect(page.getByRole("heading", { name: "2. Map the columns" })).toHaveCount(0);
});
