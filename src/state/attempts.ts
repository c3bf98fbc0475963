/**
 * Keeping an attempt's files when `retry` or `reopen` sends a step back: its prompt and (when it
 * was saved at one of the step's own places) its transcript are renamed to attempt-numbered files, so the
 * next attempt's prompt and transcript never overwrite them. Planned first (nothing moves when
 * the transition is refused), then moved. Only files at the step's own places in its
 * execution's folder are moved.
 */
import { existsSync, linkSync, unlinkSync } from 'node:fs';
import { attemptPaths, stepPaths, stepTranscriptPaths } from './paths.js';
import type { ExecutionContext } from '../types.js';
import { projectFile } from '../util/fs.js';
import { nextAttempt, planStepOf, resultOf } from './transitions.js';

export interface AttemptArchive {
  /** The new paths, for the transition to record. */
  archived: { promptPath?: string; transcriptPath?: string };
  /** Moves the files; call once the transition has been accepted. */
  move(): void;
}

export function planArchive(
  root: string,
  proofDir: string,
  state: ExecutionContext,
  stepNumber: number,
): AttemptArchive {
  const result = resultOf(state, stepNumber);
  const { agentName } = planStepOf(state, stepNumber);
  const current = stepPaths(proofDir, state.executionId, stepNumber, agentName);
  const target = attemptPaths(proofDir, state.executionId, stepNumber, agentName, nextAttempt(result));
  const moves: [string, string][] = [];
  const archived: AttemptArchive['archived'] = {};
  const at = (relative: string) => projectFile(root, relative, `a file of step ${stepNumber}`);
  // Only the step's own files move: a path the state names elsewhere (a hand-edited or hostile
  // state can name any file) is left where it is.
  if (
    result.promptPath === current.promptPath &&
    existsSync(at(current.promptPath)) &&
    !existsSync(at(target.promptPath))
  ) {
    moves.push([current.promptPath, target.promptPath]);
    archived.promptPath = target.promptPath;
  }
  // The step's own transcript, whatever its kind (`.md`, or run --headless's `.jsonl` / `.log`),
  // keeps its extension. One saved somewhere else is not in the way of the next: it stays there.
  const own = stepTranscriptPaths(proofDir, state.executionId, stepNumber, agentName).find(
    (place) => place === result.transcriptPath,
  );
  const kept = own && target.transcriptPath.replace(/\.transcript\.md$/, own.slice(own.lastIndexOf('.transcript.')));
  if (own && kept && existsSync(at(own)) && !existsSync(at(kept))) {
    moves.push([own, kept]);
    archived.transcriptPath = kept;
  }
  return {
    archived,
    move: () => {
      // link + unlink: never replaces a file that is already there.
      for (const [from, to] of moves) {
        linkSync(at(from), at(to));
        unlinkSync(at(from));
      }
    },
  };
}
