import { existsSync, statSync } from 'node:fs';
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
  async run(args) {
    const [{ readExecution }, { mergeStates }, { writeFileAtomic }] = await Promise.all([
      import('../../state/store.js'),
      import('../../team/merge.js'),
      import('../../util/fs.js'),
    ]);
    const shown = args.path ?? args.ours;
    const read = (file: string, side: string) => readExecution(file, `${shown} (${side})`);
    // git hands an empty base when both sides added the file.
    const base =
      existsSync(args.base) && statSync(args.base).size > 0 ? safely(() => read(args.base, 'base')) : undefined;
    const merged = mergeStates(base, read(args.ours, 'ours'), read(args.theirs, 'theirs'), new Date().toISOString());
    writeFileAtomic(args.ours, `${JSON.stringify(merged.state, null, 2)}\n`);
    const taken =
      merged.fromTheirs.length > 0
        ? `; ${merged.fromTheirs.length === 1 ? 'step' : 'steps'} ${merged.fromTheirs.join(', ')} from theirs`
        : '';
    if (merged.conflicts.length === 0) {
      return { stdout: '', notes: [`merged ${merged.state.executionId} step by step${taken}`] };
    }
    return {
      stdout: '',
      notes: [
        `merged ${merged.state.executionId}${taken}; ${merged.conflicts.length === 1 ? 'step' : 'steps'} ` +
          `${merged.conflicts.join(', ')} recorded differently on both sides: status shows them, resolve ` +
          `${merged.state.executionId} <step> --take ours|theirs settles each`,
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
