import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Okta MSP Console", template: "%s · Okta MSP Console" },
  description: "Manage your customers' Okta orgs in real time.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, Next's own 404 included: the CSP nonce (proxy.ts) is per
  // response, and a page prerendered at build time would carry scripts without it.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
