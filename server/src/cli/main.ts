// The process entry point of the CLI and server bundle (dist/cli-main.cjs).
import { startCli } from './start';

startCli(process.argv.slice(2));
