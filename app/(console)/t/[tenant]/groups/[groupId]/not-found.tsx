import Link from "next/link";

/** A group id this org's Okta does not know: deleted, from another org, mistyped, or not an Okta id. */
export default function GroupNotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Group not found</h1>
      <p className="mt-3 text-sm text-slate-600">Okta has no group with this id in this org. It may have been deleted, or the link belongs to another org.</p>
      <Link href="../groups" className="mt-6 inline-flex h-9 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">
        Search this org&apos;s groups
      </Link>
    </div>
  );
}
