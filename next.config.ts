import type { NextConfig } from "next";

// Fixed headers for every response, static files included. Content-Security-Policy (a nonce per
// response) and Strict-Transport-Security (depends on NEXTAUTH_URL at run time, while these values are
// fixed at build time) are set by proxy.ts. Referrer-Policy also keeps the Origin header on
// same-origin POSTs, which lib/request/origin.ts relies on.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // SOURCEMAPS=1 next build: browser source maps, to see which modules fill which chunk (first-load JS).
  productionBrowserSourceMaps: process.env.SOURCEMAPS === "1",
  // NEXT_DIST_DIR lets several builds coexist in one checkout (parallel e2e runs while developing);
  // `next build` and `next start` must see the same value. Default: .next
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typescript: { tsconfigPath: "tsconfig.build.json" },
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "@okta/okta-sdk-nodejs", "pg"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // public/ brand files: cached for a year. References carry ?v= (components/shell/brand.tsx),
      // so a changed file is fetched anew once its version is bumped.
      {
        source: "/:file(favicon\\.ico|logo\\.svg|icon\\.svg|icon-192\\.png|icon-512\\.png|icon-maskable-512\\.png|apple-touch-icon\\.png|site\\.webmanifest)",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
};

export default nextConfig;
