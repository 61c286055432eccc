/** Types of scripts/bump-version.mjs, for the tests that import it. */
export function pinnedVersions(root: string): { place: string; version: string | undefined }[];
export function bumpVersion(root: string, version: string, date?: string): { from: string; to: string };
