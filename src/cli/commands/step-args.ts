/** The arguments every step command starts with. */
export const STEP_ARGS = {
  id: {
    type: 'string',
    positional: true,
    required: true,
    describe: 'execution id, a unique prefix of it, or "latest"',
  },
  step: { type: 'step', positional: true, required: true, describe: 'step number' },
} as const;
