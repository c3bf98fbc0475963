/**
 * The merge of a step's prompt file, for git's merge driver. A prompt is made from the state and
 * the agent and template files, never written by hand, so two clones that wrote it differently
 * (one reopened the step twice, the other once) hold two renderings of which neither need fit the
 * merged state. The merge keeps ours and marks its header's sources fingerprint as `merged`: the
 * next `status` renders the prompt to compare it with the merged state and shows it stale when it
 * is, and `prompt` (or `prompt --refresh`) writes it anew. Text git should not merge this way (a
 * file without our header) is handed back as a conflict.
 */
const HEADER = /^(<!-- swarm-conductor prompt [^\n]*· sources )([0-9a-f]+|merged)( -->)/;

export const isPromptText = (text: string) => text.startsWith('<!-- swarm-conductor prompt ');

export function mergePromptText(ours: string, theirs: string): { text: string; changed: boolean } | undefined {
  if (ours === theirs) return { text: ours, changed: false };
  if (!HEADER.test(ours) || !isPromptText(theirs)) return undefined;
  return { text: ours.replace(HEADER, '$1merged$3'), changed: true };
}
