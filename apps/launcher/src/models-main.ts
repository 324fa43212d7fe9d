// `npm run models -- <command>` (scripts/models.mjs builds, then runs this).
import { exitOnConfigError, loadConfig } from '@remaster/config';
import { runModelsCommand } from './models-command.js';

exitOnConfigError('models');
process.exitCode = await runModelsCommand(process.argv.slice(2), loadConfig(), {
  out: (line) => console.log(line),
});
