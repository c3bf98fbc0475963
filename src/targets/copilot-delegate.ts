/**
 * GitHub Copilot CLI handing the work to the Copilot coding agent: the session works out the
 * plan with the person and `/delegate`s it; the coding agent answers with a pull request, which
 * `complete --pr` records and `sync` follows. Its sessions and agent files are Copilot CLI's.
 */
import { COPILOT_SESSIONS } from './copilot.js';
import type { AgentTarget } from './target.js';

export const copilotDelegate: AgentTarget = {
  name: 'copilot-delegate',
  label: 'GitHub Copilot CLI',
  sessions: COPILOT_SESSIONS,
  closing: {
    saveTranscript: (transcript) => [
      `type \`/share file ${transcript}\` in GitHub Copilot CLI to keep this planning session there, then`,
      '`/delegate` with a one-line summary to hand the session to the Copilot coding agent (or skip the session:',
      '`delegate` in the conductor gives this prompt to the coding agent directly). The coding agent opens a pull',
      'request: record it with `complete` and `--pr <url>`; `sync` completes the step when it merges with passing ' +
        'checks.',
    ],
    closure: [
      "This step's changes are made by the Copilot coding agent and arrive as a pull request. In a Copilot CLI " +
        'session, work out the plan with the person and prepare the hand-over to the coding agent (`/delegate`) ' +
        'without making the changes yourself; as the coding agent, make them on your branch.',
      'The pull request description is the final message: what changed, where each expected output is, the ' +
        'commands and tests run with their results, and what is left open.',
      'If any requirement cannot be met, say so in the pull request description instead of claiming success.',
    ],
  },
};
