/**
 * The words the CLI prints, for a program that wants them: `import { formatSummary } from
 * 'swarm-conductor/format'`. The library itself (`swarm-conductor`) returns data; each of these
 * turns that data into the text the matching command prints. They live in views/.
 */
export { formatAgentReports, formatAgentRows } from './views/agents.js';
export { formatExplanation } from './views/explain.js';
export { formatStats } from './views/stats.js';
export { formatInstructions, formatPlan, formatRouting, formatSummary } from './views/status.js';
export type { InstructionInput } from './views/status.js';
export { formatTemplateChecks, formatTemplateList } from './views/templates.js';
export { formatProjectValidation } from './views/validate.js';
export { formatVerdict } from './views/verdict.js';
export { formatDuration } from './reports/timeline.js';
