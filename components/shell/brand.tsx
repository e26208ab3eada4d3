import { cn } from "@/components/ui/cn";

/**
 * Files in public/ are served with `Cache-Control: immutable` for a year (next.config.ts), so every
 * reference carries this version: change a brand file, bump it here AND in public/site.webmanifest,
 * and browsers fetch the new one. (/favicon.ico requested without the query by old clients keeps the
 * cached copy until it expires: the accepted cost of a conventional, unversioned favicon path.)
 */
export const BRAND_VERSION = "1";
export const brandAsset = (path: `/${string}`) => `${path}?v=${BRAND_VERSION}`;

/** The console's mark (public/logo.svg). Decorative next to the product name, so alt="" by default. */
export function Logo({ size = 28, alt = "", className }: { size?: number; alt?: string; className?: string }) {
  return (
    // A static SVG at its natural size: nothing for next/image to optimise, and no loader round trip.
    // eslint-disable-next-line @next/next/no-img-element
    <img src={brandAsset("/logo.svg")} width={size} height={size} alt={alt} className={cn("shrink-0 rounded-md", className)} />
  );
}
