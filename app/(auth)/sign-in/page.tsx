import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/shell/brand";
import { Alert } from "@/components/ui/alert";
import { getStaff } from "@/lib/auth/session";
import { signInErrorMessage, safeCallbackUrl } from "@/lib/auth/sign-in-errors";
import { SignInButton } from "./sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const { error, callbackUrl } = await searchParams;
  if (await getStaff()) redirect(safeCallbackUrl(callbackUrl));
  const message = signInErrorMessage(error);
  return (
    <main className="flex min-h-screen">
      <section className="hidden w-1/2 flex-col justify-between bg-slate-900 p-12 text-slate-100 lg:flex">
        <div className="flex items-center gap-2 text-sm font-semibold tracking-wide">
          <Logo size={32} />
          Okta MSP Console
        </div>
        <div className="max-w-md">
          <h2 className="text-3xl font-semibold leading-tight">Every customer&apos;s Okta org, one console.</h2>
          <p className="mt-4 text-slate-300">
            Find users, unlock, reset passwords and MFA, onboard starters and offboard leavers — live in each
            customer&apos;s org, with per-customer roles and a tamper-evident audit trail.
          </p>
        </div>
        <p className="text-xs text-slate-500">Actions run immediately through Okta&apos;s API. Nothing is synced or copied.</p>
      </section>
      <section className="flex flex-1 items-center justify-center p-6">
        <div className="w-full max-w-sm space-y-6">
          {/* The brand panel is hidden on narrow screens: show the mark above the form instead. */}
          <div className="flex items-center gap-2 text-sm font-semibold text-slate-900 lg:hidden">
            <Logo size={32} />
            Okta MSP Console
          </div>
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
            <p className="mt-1 text-sm text-slate-500">Use your MSP staff account. You will be sent to your Okta sign-in page.</p>
          </div>
          {message ? <Alert tone="error">{message}</Alert> : null}
          <SignInButton callbackUrl={safeCallbackUrl(callbackUrl)} />
        </div>
      </section>
    </main>
  );
}
