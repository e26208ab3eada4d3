import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Okta MSP Console", template: "%s · Okta MSP Console" },
  description: "Manage your customers' Okta orgs in real time.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
