// Entry point of the language server process: `node server/main.ts --stdio` (or --node-ipc, --socket=N).
import { startLanguageServer } from './server';

startLanguageServer();
