/** Any other agent CLI: the person saves the conversation at the step's transcript place. */
import type { AgentTarget } from './target.js';

export const generic: AgentTarget = {
  name: 'generic',
  label: 'your agent CLI',
  closing: { saveTranscript: (transcript) => [`save the whole conversation to \`${transcript}\`.`] },
};
