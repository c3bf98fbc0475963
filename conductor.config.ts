import { defineConfig } from 'swarm-conductor';

// The repository dogfoods itself: these are the agents and templates the package ships.
export default defineConfig({
  agentsDir: 'agents',
  templatesDir: 'templates',
  proofDir: 'proof',
  target: 'generic',
  contextBudget: 8000,
});
