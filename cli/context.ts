// What every CLI command receives: parsed options and where to write.

export interface CommandContext {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  color: boolean;
}
