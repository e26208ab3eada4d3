import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { brandAsset } from "@/components/shell/brand";
import { Toaster } from "@/components/ui/toaster";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Okta MSP Console", template: "%s · Okta MSP Console" },
  description: "Manage your customers' Okta orgs in real time.",
  icons: {
    icon: [
      { url: brandAsset("/favicon.ico"), sizes: "16x16 32x32 48x48" },
      { url: brandAsset("/icon.svg"), type: "image/svg+xml" },
    ],
    apple: [{ url: brandAsset("/apple-touch-icon.png"), sizes: "180x180" }],
  },
  manifest: brandAsset("/site.webmanifest"),
};

export const viewport: Viewport = { themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, Next's own 404 included: the CSP nonce (proxy.ts) is per
  // response, and a page prerendered at build time would carry scripts without it.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        {/* The one toast region for every page (components/ui/toaster.tsx). */}
        <Toaster />
      </body>
    </html>
  );
}
