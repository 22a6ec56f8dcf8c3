// wgdesk's command line: `wgdesk serve` (the UI for a browser) and `wgdesk api`
// (one contract call from a shell). Electron is not involved; this runs on node.
import { AppError, missingCase } from '../shared/errors';
import { callMethod, listMethods } from './cli/api';
import { bridgeCommand } from './cli/bridge';
import { backupCommand, restoreCommand } from './cli/backup';
import { parseCommand, USAGE } from './cli/args';
import { dataDirFrom } from './cli/data-dir';
import { EXIT_CODES, EXIT_OK } from './cli/exit-codes';
import { fail, type Outcome } from './cli/output';
import { serve } from './cli/serve';
import { serviceCommand } from './cli/service';
import { stderrLog } from './runtime';

async function main(argv: readonly string[]): Promise<Outcome> {
  const parsed = parseCommand(argv);
  if (!parsed.ok) {
    process.stderr.write(USAGE);
    return fail(parsed.error.toWire());
  }
  const command = parsed.value;
  switch (command.name) {
    case 'help':
      process.stdout.write(USAGE);
      return { exitCode: EXIT_OK };
    case 'list':
      return listMethods();
    case 'call':
      return callMethod(command.method, command.params, command.dataDir);
    case 'serve':
      return serve({
        host: command.host,
        port: command.port,
        pollInterval: command.pollInterval,
        dataDir: dataDirFrom(command.dataDir),
        newToken: command.newToken === true,
        tlsCert: command.tlsCert,
        tlsKey: command.tlsKey,
        insecurePlainHttp: command.insecurePlainHttp === true,
        boxes: command.boxes === true,
      });
    case 'service':
      return serviceCommand(command.argv);
    case 'bridge':
      return bridgeCommand(command.argv);
    case 'backup':
      return backupCommand(command.dataDir, command.scheduled);
    case 'restore':
      return restoreCommand(command.file, command.dataDir);
    default:
      return missingCase(command);
  }
}

main(process.argv.slice(2)).then(
  (outcome) => {
    process.exitCode = outcome.exitCode;
  },
  (e: unknown) => {
    if (e instanceof AppError) {
      process.exitCode = fail(e.toWire()).exitCode;
      return;
    }
    stderrLog('wgdesk failed', e);
    process.exitCode = EXIT_CODES.Internal;
  },
);
