import "server-only";
// The reads behind the create and edit forms, through the wrapper like every Okta read (readOnly
// tenantActions: the permission table decides, the staff member's Okta read budget is spent, failures
// and denials are audited). The forms themselves submit through createUser / updateUserProfile.
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import type { OktaGateway } from "@/lib/okta/gateway";
import { readUserSchemaOrBase } from "@/lib/okta/user-schema";
import { getUserDetail, type ProfileValue } from "@/lib/okta/users";
import { formSchemaFromAttributes, type FormSchema } from "./form-model";
import { lockedAttributes, masterySentence, operationCaution, type UserSource } from "./mastery";
import { BASE_PROFILE_FIELDS, oktaUserIdSchema } from "./schemas";

/**
 * The org's user schema as the forms need it. A schema Okta refuses to give (the credential lacks
 * the scope, a 5xx) does not stop the form: the base fields still work, and the page says what is
 * missing.
 */
export async function readFormSchema(okta: OktaGateway): Promise<FormSchema> {
  const read = await readUserSchemaOrBase(okta);
  return formSchemaFromAttributes(read.attributes, read.ok ? undefined : read.error);
}

export const userCreateFormView = tenantAction(
  { name: "user.createForm", permission: "users.create", input: z.object({}), readOnly: true, auditFields: [] },
  async (ctx): Promise<{ schema: FormSchema }> => ({ schema: await readFormSchema(ctx.okta) }),
);

export interface EditFormView {
  user: {
    id: string;
    login: string;
    displayName: string;
    status: string;
    statusLabel: string;
    source: UserSource;
    masterySentence: string;
  };
  schema: FormSchema;
  /** The current profile value of every attribute the form shows. */
  values: Record<string, ProfileValue | null>;
  /** Attributes the console will not edit, with the reason (mastery and schema). */
  locks: Record<string, string>;
  /** A caution for the whole form (e.g. "the fields Active Directory owns are read-only"). */
  caution: string | null;
}

export const userEditFormView = tenantAction(
  {
    name: "user.editForm",
    permission: "users.update",
    input: z.object({ userId: z.string().trim().min(1).max(64) }),
    readOnly: true,
    auditFields: ["userId"],
    target: (i) => ({ type: "user", id: i.userId }),
    example: { userId: "00u0000000000000000x" },
  },
  async (ctx, input): Promise<EditFormView | null> => {
    // Not an Okta id: the page's 404, without a call.
    if (!oktaUserIdSchema.safeParse(input.userId).success) return null;
    const [user, schema] = await Promise.all([getUserDetail(ctx.okta, input.userId, ctx.tenant.mastery), readFormSchema(ctx.okta)]);
    if (!user) return null;
    const attributes = [...BASE_PROFILE_FIELDS.map((n) => schema.base[n]), ...schema.custom];
    const oktaMasteredAttributes = attributes.filter((a) => a.oktaMastered).map((a) => a.name);
    const locks: Record<string, string> = lockedAttributes(
      user.source,
      attributes.map((a) => a.name),
      { oktaMasteredAttributes },
    );
    for (const a of attributes) if (a.schemaReadOnly && !locks[a.name]) locks[a.name] = a.schemaReadOnly;
    const values: Record<string, ProfileValue | null> = {};
    for (const a of attributes) values[a.name] = user.profile[a.name] ?? null;
    const caution = operationCaution(user.source, "edit_profile");
    return {
      user: {
        id: user.id,
        login: user.login,
        displayName: user.displayName,
        status: user.status,
        statusLabel: user.statusLabel,
        source: user.source,
        masterySentence: masterySentence(user.source),
      },
      schema,
      values,
      locks,
      caution: caution?.sentence ?? null,
    };
  },
);
