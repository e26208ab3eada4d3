import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UsersList } from "../_components/users-list";
import { startUsersReads } from "../_components/users-results";
import { parseUsersFilters } from "@/lib/users/filters-schema";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant: slug }, raw] = await Promise.all([params, searchParams]);
  const page = await requireTenantPage(slug);
  // Roles without users.read (Billing) do not get the page at all; the read action refuses them too.
  if (!page.can("users.read")) notFound();
  const filters = parseUsersFilters(raw);
  return <UsersList page={page} params={filters} reads={startUsersReads(slug, filters, raw)} />;
}
