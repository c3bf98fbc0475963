import { defineCommand } from '../define.js';
import { STEP_ARGS } from './step-args.js';

export default defineCommand({
  name: 'verify',
  describe: "check a step's claims and done definition against its transcript; exit 3 when contradicted",
  args: {
    ...STEP_ARGS,
    transcript: { type: 'string', describe: 'the session transcript to read (default: the one recorded on the step)' },
    find: { type: 'boolean', describe: "find the session in the agent CLIs' own logs and copy it to the step" },
  },
  examples: [
    ['verify latest 2', "judge step 2 from the transcript recorded on it, or saved at the step's place"],
    ['verify latest 2 --find', 'find the Claude Code, Codex or Copilot session whose first message is the prompt'],
  ],
  async run(args, context) {
    const runner = await context.runner();
    const [{ formatVerdict }, { verdictJson }] = await Promise.all([
      import('../../views/verdict.js'),
      import('../../evidence/json.js'),
    ]);
    const { verdict } = await runner.verify(args.id, args.step, {
      find: args.find,
      cwd: context.cwd,
      env: context.env,
      ...(args.transcript === undefined ? {} : { transcript: args.transcript }),
    });
    return {
      stdout: formatVerdict(verdict),
      json: verdictJson(verdict),
      exitCode: verdict.verdict === 'contradicted' ? 3 : 0,
    };
  },
});
