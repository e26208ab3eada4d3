import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // NEXT_DIST_DIR lets several builds coexist in one checkout (parallel e2e runs while developing);
  // `next build` and `next start` must see the same value. Default: .next
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typescript: { tsconfigPath: "tsconfig.build.json" },
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "@okta/okta-sdk-nodejs", "pg"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
