/** Builds the apps whose sources are newer than their bundle (one build at a time); returns the apps built. */
export function buildIfStale(apps?: string[]): string[];

/** Builds what is stale, then copies dist to a folder of this process's own; returns it and the apps built. */
export function snapshotApps(apps?: string[]): { dir: string; built: string[] };

/** Removes a copy made by `snapshotApps`. */
export function removeSnapshot(dir: string): void;
