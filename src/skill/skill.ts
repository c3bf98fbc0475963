/**
 * The Agent Skill that teaches an agent to work one step of a conducted plan: where it goes and
 * what it says. The same file in every place, whoever writes it (`init --skill`, `agents export
 * --target skills`), so a second run finds it unchanged. The tool names are src/mcp/server.ts's
 * and the commands the CLI's (test/skill.test.ts checks both); this module loads neither.
 */

export const SKILL_NAME = 'swarm-conductor';

/** Where the agent CLIs look for a project's skills: Claude Code's folder, and the one Copilot and Codex share. */
export const SKILL_FOLDERS: readonly { dir: string; readBy: string }[] = [
  { dir: '.claude/skills', readBy: 'Claude Code' },
  { dir: '.agents/skills', readBy: 'Copilot CLI and Codex' },
];

/** The skill's files, project-relative. */
export const SKILL_FILES: readonly string[] = SKILL_FOLDERS.map(({ dir }) => `${dir}/${SKILL_NAME}/SKILL.md`);

/** Spelt as the agent types it in a project that has swarm-conductor installed (npx finds it). */
const CLI = 'npx swarm-conductor';

const DESCRIPTION =
  'Work one step of a plan conducted by swarm-conductor - fetch the step prompt, stay inside its scope, run the ' +
  'tests and report the step completed or failed with evidence the conductor checks. Use when you are handed a ' +
  'conducted step (a step number, an exec-... execution id, a swarm-conductor prompt) or the swarm-conductor MCP ' +
  'tools are connected.';

const BODY = `# Working a conducted step

swarm-conductor splits work into a plan of steps, each for one agent, and records every step
with its evidence. You work one step: its prompt is your whole task, and what you report about
it is checked against the transcript of your session before the step counts as done.

When the swarm-conductor MCP server is connected, use its tools (\`next_step\`, \`get_prompt\`,
\`start_step\`, \`complete_step\`, \`fail_step\`, \`verify_step\`, \`status\`). Without it, the
CLI does the same: \`${CLI} <command> --help\` shows every flag. The MCP tools take the
newest execution not finished when none is named; at the CLI \`latest\` is the newest execution,
so when your prompt names its execution id (\`exec-2026-…\`, a unique prefix works too), use it.

## 1. Fetch the prompt

- MCP: \`next_step\` lists the steps ready now, each with its prompt; \`get_prompt\` with \`step\` (and
  \`execution\` when you were given one) returns one step's prompt. Then \`start_step\` with \`step\`.
- CLI: \`${CLI} next\` lists the ready steps;
  \`${CLI} prompt latest <n>\` prints step n's prompt;
  \`${CLI} start latest <n>\` marks it running.
- Given only a step number, fetch its prompt before doing anything else. Work from the prompt,
  not from what you guess the plan is.

## 2. Stay inside the step

- Do the task the prompt gives, and only that: its scope, the files it names, its boundaries and
  refusal rules. Other steps belong to other agents, even when you can see what they need.
- The outputs of earlier steps are in the prompt's context: build on them, do not redo them.
- When the task cannot be done without crossing a boundary (a file the step must not touch, a
  dependency it may not add), stop and fail the step with the reason instead.

## 3. Run the tests and keep their output

- Run the tests, and every check the done definition names, in this session, where the transcript
  shows the command and its output: not in a sub-agent or a background job it cannot see.
- Never say that tests passed, a build succeeded or a file was written unless this session's
  output shows it. If you did not run the tests, say so. A failing test is reported as failing,
  with its output.

## 4. Report with evidence

- Done: \`complete_step\` with \`step\`, \`outputs\` (what the step produced: files, endpoints,
  decisions; the next steps' prompts are built from them) and your session: \`session\` (your agent
  CLI's session id) or \`transcript\` (the saved transcript, a path inside the project, or \`auto\` to
  find it in the agent CLIs' logs).
  CLI: \`${CLI} complete latest <n> --output "<what it produced>" --transcript <file|auto> --verify\`
  (\`--output\` once per output).
- The conductor reads the transcript and judges your claims and the step's done definition
  against it. A completion the transcript contradicts is refused and nothing changes: fix the work
  or correct the claim, then complete again. \`verify_step\`
  (CLI: \`${CLI} verify latest <n> --transcript <file|auto>\`) judges the step and records the
  verdict without completing it.
- Stuck, or the step cannot be done: \`fail_step\` with \`errors\` (the real error message and what
  you tried, not a summary) and \`transcript\`.
  CLI: \`${CLI} fail latest <n> --error "<the error>" --transcript <file>\`
  (\`--error\` once per error).
  A failed step can be retried; a false completion misleads every step after it.
- Forcing a completion past the evidence, skipping a step (\`skip_step\`) or reopening one is the
  person's decision, not yours: ask.
`;

/** SKILL.md: the front matter Agent Skills require (name, description), then how to work a step. */
export const SKILL_MD = `---\nname: ${SKILL_NAME}\ndescription: ${JSON.stringify(DESCRIPTION)}\n---\n\n${BODY}`;
