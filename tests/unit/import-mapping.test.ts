// Column auto-mapping by header name and the mapping's own problems (required columns missing, one
// attribute twice), and the template's columns.
import { describe, expect, it } from "vitest";
import { autoMapColumns, mappingProblems, templateHeaders, type MappableAttribute } from "@/lib/import/mapping";

const attrs: MappableAttribute[] = [
  { name: "login", title: "Username", required: true, custom: false },
  { name: "firstName", title: "First name", required: true, custom: false },
  { name: "lastName", title: "Last name", required: true, custom: false },
  { name: "email", title: "Primary email", required: true, custom: false },
  { name: "mobilePhone", title: "Mobile phone", required: false, custom: false },
  { name: "department", title: "Department", required: false, custom: false },
  { name: "title", title: "Title", required: false, custom: false },
  { name: "employeeNumber", title: "Employee number", required: false, custom: false },
  { name: "costCentre", title: "Cost centre", required: true, custom: true },
  { name: "created", title: "Created", required: false, custom: false, readOnly: true },
];

describe("autoMapColumns", () => {
  it("maps common spellings of the base attributes, the org's titles and custom names, and groups", () => {
    expect(autoMapColumns(["First Name", "surname", "E-mail Address", "User Name", "Mobile", "Job Title", "Dept", "Employee ID", "Cost Centre", "Groups"], attrs)).toEqual([
      "firstName",
      "lastName",
      "email",
      "login",
      "mobilePhone",
      "title",
      "department",
      "employeeNumber",
      "costCentre",
      "groups",
    ]);
    expect(autoMapColumns(["firstName", "given_name", "LOGIN", "primary email", "costCentre"], attrs)).toEqual(["firstName", "ignore", "login", "email", "costCentre"]);
  });

  it("leaves unknown, empty and read-only headers ignored; an attribute takes the first matching column only", () => {
    expect(autoMapColumns(["Favourite colour", "", "created", "email", "mail", "group", "groups"], attrs)).toEqual(["ignore", "ignore", "ignore", "email", "ignore", "groups", "ignore"]);
  });
});

describe("mappingProblems", () => {
  const headers = ["a", "b", "c", "d", "e"];
  it("names every required attribute without a column (the org's required custom ones too)", () => {
    const p = mappingProblems(["login", "email", "ignore", "ignore", "ignore"], headers, attrs);
    expect(p).toEqual([expect.stringContaining("Required columns missing: First name, Last name, Cost centre")]);
  });
  it("refuses one attribute fed by two columns and an attribute the org does not have", () => {
    const p = mappingProblems(["login", "login", "firstName", "lastName", "nope"], headers, attrs);
    expect(p.join(" ")).toContain("“a” and “b” are both mapped to Username");
    expect(p.join(" ")).toContain("which this org's user profile does not have");
  });
  it("a complete mapping has no problems", () => {
    expect(mappingProblems(["login", "email", "firstName", "lastName", "costCentre"], headers, attrs)).toEqual([]);
  });
});

it("the template has the required columns first, every settable attribute, then groups", () => {
  expect(templateHeaders(attrs)).toEqual(["login", "email", "firstName", "lastName", "costCentre", "mobilePhone", "department", "title", "employeeNumber", "groups"]);
});
