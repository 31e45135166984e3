/** Builds the apps whose sources are newer than their bundle; returns the apps built. */
export function buildIfStale(apps?: string[]): string[];
