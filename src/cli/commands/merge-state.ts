import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isConductorError } from '../../errors.js';
import { numbered } from '../../util/text.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'merge-state',
  describe: "git's merge driver for execution state and prompt files (registered by git setup): merges step by step",
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
    const [{ readExecution }, { MergeRefusal, mergeStates }, { writeFileAtomic }] = await Promise.all([
      import('../../state/store.js'),
      import('../../team/merge.js'),
      import('../../util/fs.js'),
    ]);
    // git runs the driver at the top of the work tree with paths relative to it (as --cwd is).
    const [baseFile, oursFile, theirsFile] = [args.base, args.ours, args.theirs].map((file) =>
      path.resolve(context.cwd, file),
    );
    const shown = args.path ?? args.ours;
    if (shown.endsWith('.prompt.md')) return mergePrompt(oursFile!, theirsFile!, shown, writeFileAtomic);
    const now = new Date().toISOString();
    const ours = readExecution(oursFile!, `${shown} (ours)`);
    /** Leaves our side in the file, marked, so every command refuses it until the merge is settled. */
    const refuse = (reason: string, hint: string) => {
      const marked = { ...ours, mergeRefused: { reason, hint, at: now } };
      writeFileAtomic(oursFile!, `${JSON.stringify(marked, null, 2)}\n`);
      return {
        stdout: '',
        notes: [`error: ${shown}: not merged: ${reason}\n  hint: ${hint}`],
        exitCode: 1 as const,
      };
    };
    let theirs: ReturnType<typeof readExecution>;
    try {
      theirs = readExecution(theirsFile!, `${shown} (theirs)`);
    } catch (error) {
      if (!isConductorError(error)) throw error;
      if (error.code === 'FUTURE_STATE') {
        return refuse(
          `their side was ${error.message}`,
          'upgrade swarm-conductor here (npm i -D swarm-conductor@latest), then ' +
            `git checkout -m ${shown} merges it again`,
        );
      }
      return refuse(
        `their side cannot be read (${error.message.replace(/; the file was left as it is$/, '')})`,
        `repair it in the commit it came from and merge again, or keep one side: git checkout --ours -- ${shown} ` +
          '(or --theirs), then git add it',
      );
    }
    // git hands an empty base when both sides added the file.
    const base =
      existsSync(baseFile!) && statSync(baseFile!).size > 0 ? safely(() => readExecution(baseFile!)) : undefined;
    let merged: ReturnType<typeof mergeStates>;
    try {
      merged = mergeStates(base, ours, theirs, now);
    } catch (error) {
      if (!(error instanceof MergeRefusal)) throw error;
      return refuse(error.message, error.hint ?? '');
    }
    writeFileAtomic(oursFile!, `${JSON.stringify(merged.state, null, 2)}\n`);
    const taken = merged.fromTheirs.length > 0 ? `; ${numbered('step', merged.fromTheirs)} from theirs` : '';
    const joined = merged.joined.length > 0 ? `; ${numbered('step', merged.joined)} joined from both` : '';
    if (merged.conflicts.length === 0) {
      return { stdout: '', notes: [`merged ${merged.state.executionId} step by step${taken}${joined}`] };
    }
    return {
      stdout: '',
      notes: [
        `merged ${merged.state.executionId}${taken}${joined}; ${numbered('step', merged.conflicts)} recorded ` +
          `differently on both sides: status shows them, resolve ${merged.state.executionId} <step> --take ` +
          'ours|theirs settles each',
      ],
      exitCode: 1,
    };
  },
});

/** A base that cannot be read is no base: the merge is then of the two sides alone. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (isConductorError(error)) return undefined;
    throw error;
  }
}

/** A step's prompt file: ours, marked for `status` to compare with the merged state (see team/merge-prompt.ts). */
async function mergePrompt(
  oursFile: string,
  theirsFile: string,
  shown: string,
  write: (file: string, text: string) => void,
): Promise<{ stdout: string; notes: string[]; exitCode?: 1 }> {
  const { mergePromptText } = await import('../../team/merge-prompt.js');
  const merged = mergePromptText(readFileSync(oursFile, 'utf8'), readFileSync(theirsFile, 'utf8'));
  if (!merged) {
    return {
      stdout: '',
      notes: [
        `error: ${shown}: not merged: one side is not a prompt the conductor wrote\n` +
          `  hint: keep one side (git checkout --ours -- ${shown}), then prompt --refresh writes it anew`,
      ],
      exitCode: 1,
    };
  }
  if (merged.changed) write(oursFile, merged.text);
  return {
    stdout: '',
    notes: merged.changed ? [`merged ${shown}: kept ours; status tells whether it fits the merged state`] : [],
  };
}
