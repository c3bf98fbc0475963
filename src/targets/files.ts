/** Which files in an agent folder are agent files. */

/** Markdown files; a README is the folder's documentation, not an agent. */
export function markdownFiles(name: string): boolean {
  return /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md';
}
