import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConductorError, isConductorError } from '../../errors.js';
import { numbered } from '../../util/text.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'merge-state',
  describe: "git's merge driver for execution state (registered by git setup): merges step by step",
  args: {
    base: { type: 'string', positional: true, required: true, describe: 'the common ancestor (%O)' },
    ours: {
      type: 'string',
      positional: true,
      required: true,
      describe: 'our version, where the result is written (%A)',
    },
    theirs: { type: 'string', positional: true, required: true, describe: 'their version (%B)' },
    path: { type: 'string', positional: true, describe: 'the file as the repository names it (%P)' },
  },
  async run(args, context) {
    const [{ readExecution }, { mergeStates }, { writeFileAtomic }] = await Promise.all([
      import('../../state/store.js'),
      import('../../team/merge.js'),
      import('../../util/fs.js'),
    ]);
    // git runs the driver at the top of the work tree with paths relative to it (as --cwd is).
    const [baseFile, oursFile, theirsFile] = [args.base, args.ours, args.theirs].map((file) =>
      path.resolve(context.cwd, file),
    );
    const shown = args.path ?? args.ours;
    const read = (file: string, side: string) => {
      try {
        return readExecution(file, `${shown} (${side})`);
      } catch (error) {
        if (!isConductorError(error)) throw error;
        // The hint is about the merge, not about restoring a file: git has left this one unmerged.
        throw new ConductorError(error.code, error.message.replace(/; the file was left as it is$/, ''), {
          ...(error.where !== undefined && { where: error.where }),
          hint:
            `git leaves ${shown} unmerged: take one side with git checkout --ours (or --theirs) -- ${shown}, ` +
            'or repair that side and merge again',
        });
      }
    };
    // git hands an empty base when both sides added the file.
    const base =
      existsSync(baseFile!) && statSync(baseFile!).size > 0 ? safely(() => read(baseFile!, 'base')) : undefined;
    const merged = mergeStates(base, read(oursFile!, 'ours'), read(theirsFile!, 'theirs'), new Date().toISOString());
    writeFileAtomic(oursFile!, `${JSON.stringify(merged.state, null, 2)}\n`);
    const taken = merged.fromTheirs.length > 0 ? `; ${numbered('step', merged.fromTheirs)} from theirs` : '';
    if (merged.conflicts.length === 0) {
      return { stdout: '', notes: [`merged ${merged.state.executionId} step by step${taken}`] };
    }
    return {
      stdout: '',
      notes: [
        `merged ${merged.state.executionId}${taken}; ${numbered('step', merged.conflicts)} recorded differently ` +
          `on both sides: status shows them, resolve ${merged.state.executionId} <step> --take ours|theirs ` +
          'settles each',
      ],
      exitCode: 1,
    };
  },
});

/** A base that cannot be read is no base: the merge is then of the two sides alone. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
