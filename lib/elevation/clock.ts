// The clock elevations are judged by. Tests move it (setElevationClock) to see a grant expire without
// waiting; everything else reads the real time. Elevation expiry needs no timer: each request compares
// endsAt with this clock.

let override: (() => Date) | null = null;

export function elevationNow(): Date {
  return override ? override() : new Date();
}

/** Tests only: a fixed or moving clock; `null` restores the real one. */
export function setElevationClock(clock: (() => Date) | null): void {
  override = clock;
}
