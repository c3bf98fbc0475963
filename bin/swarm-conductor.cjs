#!/usr/bin/env node
'use strict';
// The swarm-conductor command: dist/launch.cjs starts the bundled CLI with a code cache kept in
// the user's own cache folder (src/launch.ts says how).
require('../dist/launch.cjs');
