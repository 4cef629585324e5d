// What every CLI command receives: parsed options, where to write, and the host's file access.

import type { FileAccess } from '../host';

export interface CommandContext {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  color: boolean;
  /** Every file a command reads or writes because the user named it goes through this. */
  files: FileAccess;
}
