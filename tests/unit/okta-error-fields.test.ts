// Okta's errorCauses -> field errors keyed like the console's forms (lib/okta/error-fields.ts).
import { describe, expect, it } from "vitest";
import { createFormKey, oktaCauses, oktaFieldErrors, updateFormKey } from "@/lib/okta/error-fields";
import { BASE_PROFILE_FIELDS } from "@/lib/users/schemas";

/** The shape the SDK throws (OktaApiError keeps Okta's body fields). */
const oktaError = (causes: string[], status = 400) => ({
  name: "OktaApiError",
  status,
  errorCode: "E0000001",
  errorSummary: "Api validation failed: login",
  errorCauses: causes.map((errorSummary) => ({ errorSummary })),
});

describe("oktaCauses", () => {
  it("splits 'attribute: message' and keeps causes without an attribute", () => {
    expect(
      oktaCauses(oktaError(["login: An object with this field already exists in the current organization", "profile.email: Does not match required pattern", "Password requirements were not met"])),
    ).toEqual([
      { attribute: "login", message: "An object with this field already exists in the current organization." },
      { attribute: "email", message: "Does not match required pattern." },
      { attribute: null, message: "Password requirements were not met." },
    ]);
  });

  it("nothing for errors without causes, non-objects and empty summaries", () => {
    expect(oktaCauses(new Error("boom"))).toEqual([]);
    expect(oktaCauses(null)).toEqual([]);
    expect(oktaCauses({ errorCauses: [{ errorSummary: "" }, {}, "x"] })).toEqual([]);
  });
});

describe("oktaFieldErrors", () => {
  const create = createFormKey(BASE_PROFILE_FIELDS);

  it("login already taken lands on profile.login (create) and changes.login (edit), in plain words", () => {
    const err = oktaError(["login: An object with this field already exists in the current organization"]);
    expect(oktaFieldErrors(err, create)).toEqual({ "profile.login": ["This username is already taken in this org."] });
    expect(oktaFieldErrors(err, updateFormKey)).toEqual({ "changes.login": ["This username is already taken in this org."] });
  });

  it("custom attributes go to custom.* on the create form; blank required fields say so", () => {
    const err = oktaError(["costCentre: The field cannot be left blank", "email: Does not match required pattern", "firstName: The field cannot be left blank"]);
    expect(oktaFieldErrors(err, create)).toEqual({
      "custom.costCentre": ["This field is required."],
      "profile.email": ["Does not match required pattern."],
      "profile.firstName": ["This field is required."],
    });
  });

  it("password and attribute-less causes go to _form; duplicates are kept once", () => {
    const err = oktaError(["password: Password requirements were not met", "Something general", "Something general"]);
    expect(oktaFieldErrors(err, create)).toEqual({ _form: ["Password requirements were not met.", "Something general."] });
    expect(oktaFieldErrors(err, updateFormKey)).toEqual({ _form: ["Password requirements were not met.", "Something general."] });
  });

  it("a login that is not email-shaped is explained", () => {
    expect(oktaFieldErrors(oktaError(["login: Username must be in the form of an email address"]), create)).toEqual({
      "profile.login": ["A username must look like an email address (name@example.com)."],
    });
  });

  it("groupIds causes stay on the group picker", () => {
    expect(oktaFieldErrors(oktaError(["groupIds: Group 00g1 was not found"]), create)).toEqual({ groupIds: ["Group 00g1 was not found."] });
  });
});
