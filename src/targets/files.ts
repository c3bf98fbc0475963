/** What the agent CLIs' files share: which files in an agent folder are agent files, how a JSON config is written. */

/** Markdown files; a README is the folder's documentation, not an agent. */
export function markdownFiles(name: string): boolean {
  return /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md';
}

/** A JSON config file's content as people write it: two spaces, no trailing newline (it is printed). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
