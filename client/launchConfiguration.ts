// The launch configuration that runs or debugs a definition file: pure functions over names (no VS Code
// API), shared by the Run and Debug commands and F5.

import { basename, dirname, join } from 'node:path';
import { stateMachineNameOf } from '../core/model';
import { DEBUG_TYPE, type StepthroughLaunchArguments } from '../debug-adapter/protocol';

/** The files next to a definition that a run picks up: `<name>.input.json|yaml`, `<name>.mocks.json|yaml`. */
export function siblingFiles(
  definitionFile: string,
  exists: (path: string) => boolean,
): { inputFile?: string; mocks?: string } {
  const dir = dirname(definitionFile);
  const base = stateMachineNameOf(definitionFile);
  const find = (kind: string): string | undefined =>
    ['json', 'yaml', 'yml'].map((ext) => join(dir, `${base}.${kind}.${ext}`)).find((path) => exists(path));
  const found: { inputFile?: string; mocks?: string } = {};
  const inputFile = find('input');
  const mocks = find('mocks');
  if (inputFile) found.inputFile = inputFile;
  if (mocks) found.mocks = mocks;
  return found;
}

export type StepthroughLaunchConfiguration = StepthroughLaunchArguments & {
  type: typeof DEBUG_TYPE;
  request: 'launch';
  name: string;
};

export interface LaunchDefaults {
  /** Folder relative paths resolve from (the workspace folder, else the file's folder). */
  cwd: string;
  /** The `stepthrough.rolePolicyFile` setting, when set. */
  role?: string;
  stopOnEntry?: boolean;
}

/** The launch configuration for running or debugging a definition file with no launch.json. */
export function launchConfigurationFor(
  definitionFile: string,
  exists: (path: string) => boolean,
  defaults: LaunchDefaults,
): StepthroughLaunchConfiguration {
  const config: StepthroughLaunchConfiguration = {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Stepthrough: ${basename(definitionFile)}`,
    definition: definitionFile,
    cwd: defaults.cwd,
    ...siblingFiles(definitionFile, exists),
  };
  if (config.inputFile === undefined) config.input = {};
  if (defaults.role) config.role = defaults.role;
  if (defaults.stopOnEntry) config.stopOnEntry = true;
  return config;
}

/**
 * Completes a configuration VS Code hands to the extension: an empty one (F5 with no launch.json) becomes
 * a launch of `activeFile`; a partial one gets the defaults it lacks. Undefined when there is nothing to run.
 */
export function completeLaunchConfiguration(
  given: Record<string, unknown>,
  activeFile: string | undefined,
  exists: (path: string) => boolean,
  defaults: LaunchDefaults,
): StepthroughLaunchConfiguration | undefined {
  if (given['type'] === undefined && given['request'] === undefined && given['name'] === undefined) {
    return activeFile === undefined ? undefined : launchConfigurationFor(activeFile, exists, defaults);
  }
  const config = { ...given, type: DEBUG_TYPE, request: 'launch' } as StepthroughLaunchConfiguration;
  if (typeof config.name !== 'string' || config.name === '') config.name = 'Stepthrough';
  if (config.definition === undefined && config.testFile === undefined) {
    if (activeFile === undefined) return undefined;
    config.definition = activeFile;
  }
  if (config.cwd === undefined) config.cwd = defaults.cwd;
  if (config.role === undefined && defaults.role) config.role = defaults.role;
  return config;
}
