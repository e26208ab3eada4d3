"use server";
// Thin server-action exports for the group-rule pages; each calls one wrapper-defined action
// (lib/rules/actions.ts), which validates, authorizes, calls Okta and audits.
import {
  activateRuleAction,
  createRuleAction,
  deactivateRuleAction,
  deleteRuleAction,
  previewRuleAction,
  ruleImpactAction,
  updateRuleAction,
} from "@/lib/rules/actions";

export async function createRule(slug: string, input: unknown) {
  return createRuleAction(slug, input);
}

export async function updateRule(slug: string, input: unknown) {
  return updateRuleAction(slug, input);
}

export async function activateRule(slug: string, input: unknown) {
  return activateRuleAction(slug, input);
}

export async function deactivateRule(slug: string, input: unknown) {
  return deactivateRuleAction(slug, input);
}

export async function deleteRule(slug: string, input: unknown) {
  return deleteRuleAction(slug, input);
}

export async function previewRule(slug: string, input: unknown) {
  return previewRuleAction(slug, input);
}

export async function ruleImpact(slug: string, input: unknown) {
  return ruleImpactAction(slug, input);
}
