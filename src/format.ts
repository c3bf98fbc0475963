/**
 * The words the CLI prints, for a program that wants them: `import { formatSummary } from
 * 'swarm-conductor/format'`. The library itself (`swarm-conductor`) returns data; each of these
 * turns that data into the text the matching command prints.
 */
export { formatProjectValidation } from './project/validate.js';
export { formatAgentReports, formatAgentRows } from './agents/check.js';
export { formatExplanation } from './render/explain.js';
export { formatTemplateChecks, formatTemplateList } from './render/templates.js';
export { formatInstructions, formatPlan, formatRouting, formatSummary } from './views/status.js';
export { formatVerdict } from './evidence/format.js';
export { formatStats } from './reports/stats.js';
export { formatDuration } from './reports/timeline.js';
export type { InstructionInput } from './views/status.js';
