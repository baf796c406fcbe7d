// The package.json side of a fix that needs a package (p-map, piscina): the note in its title and
// the dependency added on request. No typescript import: the extension host applies it too.

/** The title note of a fix whose code needs `name`, which package.json does not list. */
export function dependencyNote(name: string): string {
  return ` (needs ${name}, not in package.json)`;
}

/**
 * package.json text with `name@version` added to dependencies (sorted), in the file's own
 * indentation and final newline; the same text when it is already listed. Throws on invalid JSON.
 */
export function withDependency(packageJson: string, name: string, version: string): string {
  const json = JSON.parse(packageJson) as Record<string, unknown>;
  const deps = (json.dependencies ?? {}) as Record<string, string>;
  if (deps[name]) return packageJson;
  json.dependencies = Object.fromEntries(Object.entries({ ...deps, [name]: version }).sort(([x], [y]) => x.localeCompare(y)));
  const indent = /^[ \t]+(?=")/m.exec(packageJson)?.[0] ?? '  ';
  const eol = packageJson.includes('\r\n') ? '\r\n' : '\n';
  return JSON.stringify(json, null, indent).replace(/\n/g, eol) + (packageJson.endsWith('\n') ? eol : '');
}
