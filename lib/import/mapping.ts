// Which CSV column fills which Okta profile attribute (pure, browser-safe). Headers are matched by
// name after folding case, spaces, dashes and underscores ("First Name", "first_name", "given name"
// and "firstName" are one thing); anything not recognised is "ignore" until the technician picks an
// attribute of the org's own schema, "groups" or leaves it ignored. Each attribute takes at most one
// column (the first that matches).

export const GROUPS_TARGET = "groups";
export const IGNORE_TARGET = "ignore";
/** A column's destination: a profile attribute name, "groups" or "ignore". */
export type ColumnTarget = string;

export interface MappableAttribute {
  name: string;
  title: string;
  required: boolean;
  custom: boolean;
  readOnly?: boolean;
}

/** Okta requires these four on every user (base profile). */
export const REQUIRED_BASE = ["login", "email", "firstName", "lastName"] as const;

const fold = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]/g, "");

/** Common header spellings per base attribute (folded). */
const SYNONYMS: Record<string, readonly string[]> = {
  firstName: ["firstname", "first", "givenname", "given", "forename", "fname", "prenom"],
  lastName: ["lastname", "last", "surname", "familyname", "family", "lname", "nom"],
  login: ["login", "username", "userlogin", "upn", "userprincipalname", "loginname", "oktalogin", "userid"],
  email: ["email", "emailaddress", "mail", "primaryemail", "workemail", "e-mail"].map(fold),
  secondEmail: ["secondemail", "secondaryemail", "personalemail", "alternateemail", "otheremail"],
  mobilePhone: ["mobilephone", "mobile", "cell", "cellphone", "mobilenumber"],
  primaryPhone: ["primaryphone", "phone", "telephone", "workphone", "phonenumber"],
  department: ["department", "dept"],
  title: ["title", "jobtitle", "position", "role"],
  manager: ["manager", "managername"],
  managerId: ["managerid"],
  employeeNumber: ["employeenumber", "employeeid", "employeeno", "staffnumber", "empid"],
  displayName: ["displayname", "fullname", "name"],
  nickName: ["nickname", "preferredname"],
  city: ["city", "town"],
  countryCode: ["countrycode", "country"],
  organization: ["organization", "organisation", "company"],
  costCenter: ["costcenter", "costcentre"],
  division: ["division"],
  userType: ["usertype", "type", "employeetype"],
};
const GROUP_HEADERS = ["groups", "group", "groupnames", "groupids", "oktagroups", "memberof"];

/** The best destination for each header, given the org's attributes. */
export function autoMapColumns(headers: readonly string[], attributes: readonly MappableAttribute[]): ColumnTarget[] {
  const settable = attributes.filter((a) => !a.readOnly);
  const byFolded = new Map<string, string>();
  for (const a of settable) {
    byFolded.set(fold(a.name), a.name);
    if (a.title) byFolded.set(fold(a.title), a.name);
  }
  const known = new Set(settable.map((a) => a.name));
  for (const [name, synonyms] of Object.entries(SYNONYMS)) {
    if (!known.has(name)) continue;
    for (const s of synonyms) if (!byFolded.has(s)) byFolded.set(s, name);
  }
  const taken = new Set<string>();
  let groupsTaken = false;
  return headers.map((h) => {
    const f = fold(h);
    if (!f) return IGNORE_TARGET;
    if (GROUP_HEADERS.includes(f)) {
      if (groupsTaken) return IGNORE_TARGET;
      groupsTaken = true;
      return GROUPS_TARGET;
    }
    const name = byFolded.get(f);
    if (!name || taken.has(name)) return IGNORE_TARGET;
    taken.add(name);
    return name;
  });
}

/** Problems with a mapping as a whole: required attributes with no column, an attribute twice. */
export function mappingProblems(mapping: readonly ColumnTarget[], headers: readonly string[], attributes: readonly MappableAttribute[]): string[] {
  const problems: string[] = [];
  const byName = new Map(attributes.map((a) => [a.name, a]));
  const seen = new Map<string, number>();
  mapping.forEach((t, i) => {
    if (t === IGNORE_TARGET) return;
    if (t !== GROUPS_TARGET && !byName.has(t)) problems.push(`Column “${headers[i]}” is mapped to ${t}, which this org's user profile does not have.`);
    const prev = seen.get(t);
    if (prev !== undefined) problems.push(`Columns “${headers[prev]}” and “${headers[i]}” are both mapped to ${t === GROUPS_TARGET ? "Groups" : (byName.get(t)?.title ?? t)}; map one of them to Ignore.`);
    else seen.set(t, i);
  });
  const required = new Set<string>([...REQUIRED_BASE, ...attributes.filter((a) => a.required && !a.readOnly).map((a) => a.name)]);
  const missing = [...required].filter((n) => !mapping.includes(n));
  if (missing.length) {
    const names = missing.map((n) => byName.get(n)?.title ?? n);
    problems.push(`Required ${missing.length === 1 ? "column" : "columns"} missing: ${names.join(", ")}. Map a column to ${missing.length === 1 ? "it" : "each"}, or add ${missing.length === 1 ? "it" : "them"} to the file (the template has every attribute).`);
  }
  return problems;
}

/** The template's header row: every settable attribute of the org, required ones first, then groups. */
export function templateHeaders(attributes: readonly MappableAttribute[]): string[] {
  const settable = attributes.filter((a) => !a.readOnly);
  const req = new Set<string>([...REQUIRED_BASE, ...settable.filter((a) => a.required).map((a) => a.name)]);
  const first = [...REQUIRED_BASE.filter((n) => settable.some((a) => a.name === n)), ...settable.filter((a) => req.has(a.name) && !(REQUIRED_BASE as readonly string[]).includes(a.name)).map((a) => a.name)];
  const rest = settable.filter((a) => !req.has(a.name)).map((a) => a.name);
  return [...first, ...rest, GROUPS_TARGET];
}
