// The handler host: runs a team's own code as Tasks. `prepare` resolves handlers (HandlerSpec, as
// every surface writes them) against the folder that names them and checks they can run (the file
// is there, Python is installed, the command exists), so a typo is a clear error before the run,
// never a Task failure a Catch could swallow. `taskHandlers` gives the engine one TaskHandler per key
// for one run; each call runs in a child process of its own function (pool.ts), bounded by the Task's
// TimeoutSeconds or the function's Timeout (3 s by default), with its own environment: Stepthrough's,
// then Lambda's variables, then the function's. `close` stops every process.
//
// Time follows the one rule of outside waits (ARCHITECTURE 26): while a handler runs, the engine's
// virtual clock stands still and the handler's limit counts real seconds, here; the other waits of
// the run (task tokens, the execution's TimeoutSeconds) count the same real seconds through core's
// RealTimeWaiter.

import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { StepthroughError } from '../../core/errors';
import type { JsonValue, TaskHandler } from '../../core';
import type { HandlerMap, HandlerRunRequest, HandlerSpec, TaskHandlerProvider } from '../../core/handlers';
import type { TaskHandlerContext } from '../../core/mocks';
import type { FileAccess } from '../files';
import { nodeFileAccess } from '../nodeFiles';
import { runCommand } from './command';
import { integrationOf } from '../../core/mocks/targets';
import { taskResult, type CallShape } from './outcome';
import { WorkerPool, type PooledFunction } from './pool';
import type { InvocationContext } from './protocol';
import { findPython, nodeWorkerCommand, nodeWorkerEnvironment, pythonWorkerFile } from './runtimes';
import type { CallOutcome } from './worker';

/** Lambda's default function timeout, in seconds. */
export const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/** A line a handler wrote (console.log, print, stderr). */
export interface HandlerOutput {
  key: string;
  handler: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface HandlerHostOptions {
  /** How handler files are looked at (default: this machine's); an untrusted workspace runs no handler. */
  files?: FileAccess;
  /** Where handler output goes (default: nowhere). */
  onOutput?: (output: HandlerOutput) => void;
  /** Processes per function before idle ones are shared across concurrent iterations (default 10). */
  maxWorkersPerFunction?: number;
  /** The environment handler processes start from (default: this process's). */
  environment?: NodeJS.ProcessEnv;
}

/** A handler resolved and checked, ready to run. */
export interface PreparedHandler {
  key: string;
  spec: HandlerSpec;
  label: string;
  runtime: 'node' | 'python' | 'command';
  /** The code root: working directory, LAMBDA_TASK_ROOT, Python's first path entry. */
  root: string;
  /** Node: the module file; Python: the module; command: the resolved argv. */
  node?: { file: string; exportName: string };
  python?: { module: string; attribute: string; interpreter: string; worker: string };
  command?: string[];
}

export type PreparedHandlers = Readonly<Record<string, PreparedHandler>>;

/** Looks at paths through the host's FileAccess (symlinks followed). */
class Paths {
  constructor(private readonly files: FileAccess) {}

  isFile(path: string): boolean {
    return this.files.stat(path)?.type === 'file';
  }

  isDirectory(path: string): boolean {
    return this.files.stat(path)?.type === 'directory';
  }

  isExecutable(path: string): boolean {
    if (!this.isFile(path)) return false;
    try {
      accessSync(path, fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
}

function notFound(key: string, spec: HandlerSpec, message: string, hint: string): StepthroughError {
  return new StepthroughError('E_HANDLER_NOT_FOUND', `the handler for "${key}" (${spec.text}): ${message}`, {
    hint,
  });
}

/** A Node module file as the Lambda runtime finds it: as named, or with .js, .mjs, .cjs. */
function nodeModuleFile(paths: Paths, path: string): string | undefined {
  return [path, `${path}.js`, `${path}.mjs`, `${path}.cjs`].find((file) => paths.isFile(file));
}

/**
 * Where Python would find `module` under `root`: 'found' (a.b.c as a/b/c.py or the package a/b/c/),
 * 'missing' (its top-level package is local, the module is not in it), or 'elsewhere' (not local at
 * all: maybe installed).
 */
function localPythonModule(paths: Paths, root: string, module: string): 'found' | 'missing' | 'elsewhere' {
  const parts = module.split('.');
  const top = parts[0] ?? module;
  if (!paths.isFile(join(root, `${top}.py`)) && !paths.isDirectory(join(root, top))) return 'elsewhere';
  const path = join(root, ...parts);
  return paths.isFile(`${path}.py`) || paths.isDirectory(path) ? 'found' : 'missing';
}

function onPath(paths: Paths, command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && paths.isExecutable(join(dir, command)));
}

export class HandlerHost implements TaskHandlerProvider {
  private readonly pool: WorkerPool;
  private readonly environment: NodeJS.ProcessEnv;
  private readonly files: FileAccess;
  private readonly paths: Paths;
  private readonly functions = new Map<string, PooledFunction>();
  private readonly commandsInFlight = new Set<Promise<CallOutcome>>();
  /** Aborted by close(): command processes in flight are killed. */
  private readonly stopping = new AbortController();
  private closed = false;

  constructor(private readonly options: HandlerHostOptions = {}) {
    this.environment = options.environment ?? process.env;
    this.files = options.files ?? nodeFileAccess();
    this.paths = new Paths(this.files);
    const onOutput = options.onOutput;
    this.pool = new WorkerPool({
      maxWorkersPerFunction: options.maxWorkersPerFunction ?? 10,
      ...(onOutput
        ? {
            onOutput: (label, stream, text) => {
              const [key = label, handler = ''] = label.split('\u0000');
              onOutput({ key, handler, stream, text });
            },
          }
        : {}),
    });
  }

  /** Resolves and checks handlers; throws StepthroughError (E_HANDLER_NOT_FOUND, E_PYTHON_MISSING) naming the first that cannot run. */
  async prepare(handlers: HandlerMap): Promise<PreparedHandlers> {
    const out: Record<string, PreparedHandler> = {};
    for (const [key, spec] of Object.entries(handlers)) {
      Object.defineProperty(out, key, {
        value: await this.prepareOne(key, spec),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  private async prepareOne(key: string, spec: HandlerSpec): Promise<PreparedHandler> {
    if (!this.files.trusted)
      throw new StepthroughError(
        'E_UNTRUSTED_WORKSPACE',
        `the handler for "${key}" (${spec.text}) is not run in an untrusted workspace`,
        {
          hint: 'Trust the workspace to run its code, or mock this Task.',
        },
      );
    const base = spec.baseDir ?? process.cwd();
    const root = resolve(base, spec.root ?? '.');
    const label = `${key} (${spec.text})`;
    if (!this.paths.isDirectory(root))
      throw notFound(
        key,
        spec,
        `its code folder ${root} does not exist`,
        'Fix "root" (relative to the file that names the handler).',
      );
    const reference = spec.reference;
    switch (reference.kind) {
      case 'node': {
        const path = resolve(root, reference.path);
        const file = nodeModuleFile(this.paths, path);
        if (!file)
          throw notFound(
            key,
            spec,
            `${path} does not exist`,
            'Name the module file relative to the file that names the handler, e.g. ./src/charge.js#handler.',
          );
        return { key, spec, label, runtime: 'node', root, node: { file, exportName: reference.exportName } };
      }
      case 'python': {
        const interpreter = await findPython(this.environment);
        const local = localPythonModule(this.paths, root, reference.module);
        if (
          local === 'missing' ||
          (local === 'elsewhere' && !(await this.importable(interpreter.command, root, reference.module)))
        )
          throw notFound(
            key,
            spec,
            `Python cannot find module '${reference.module}' in ${root}`,
            'The module is looked up from the code root (the folder of the file that names it, or "root"), then the installed packages.',
          );
        return {
          key,
          spec,
          label,
          runtime: 'python',
          root,
          python: { ...reference, interpreter: interpreter.command, worker: pythonWorkerFile() },
        };
      }
      case 'command': {
        const [command = '', ...args] = reference.argv;
        const explicit = command.includes('/') || isAbsolute(command);
        const executable = explicit ? resolve(root, command) : command;
        if (explicit ? !this.paths.isExecutable(executable) : !onPath(this.paths, command, this.environment))
          throw notFound(
            key,
            spec,
            explicit ? `${executable} is not an executable file` : `"${command}" is not on PATH`,
            explicit
              ? 'Check the path (relative to the file that names the handler) and chmod +x it.'
              : 'Give its path, e.g. cmd: ./bin/charge.',
          );
        return { key, spec, label, runtime: 'command', root, command: [executable, ...args] };
      }
    }
  }

  private importable(python: string, root: string, module: string): Promise<boolean> {
    const top = module.split('.')[0] ?? module;
    return new Promise((done) => {
      const script =
        'import importlib.util, sys; sys.path.insert(0, sys.argv[1]); sys.exit(0 if importlib.util.find_spec(sys.argv[2]) else 1)';
      const child = spawn(python, ['-c', script, root, top], { stdio: 'ignore', env: this.environment });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.on('error', () => done(false));
      child.on('close', (code) => {
        clearTimeout(timer);
        done(code === 0);
      });
    });
  }

  /**
   * The engine's TaskHandlers for one run, keyed as given (calls of sibling Map iterations get separate
   * processes). core/mocks/answer.ts picks the handler of a call by the mock-key rule and calls it with
   * the task-handler contract: the Payload in for lambda:invoke, the function's result out (core wraps
   * it as AWS does); a StatesError thrown here is the Task's error and cause as given.
   */
  taskHandlers(prepared: PreparedHandlers): Record<string, TaskHandler> {
    const run = {};
    const out: Record<string, TaskHandler> = {};
    for (const [key, handler] of Object.entries(prepared)) {
      const fn: TaskHandler = (event, context) => this.call(handler, event, context, run);
      Object.defineProperty(out, key, { value: fn, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /** The engine's TaskHandlers for one run (TaskHandlerProvider): every handler checked, then keyed as given. */
  async forRun(request: HandlerRunRequest): Promise<Record<string, TaskHandler>> {
    return this.taskHandlers(await this.prepare(request.handlers));
  }

  private async call(
    handler: PreparedHandler,
    event: JsonValue,
    context: TaskHandlerContext,
    run: object,
  ): Promise<JsonValue> {
    const integration = integrationOf(context.resource);
    const { functionName, invokedFunctionArn, awsRequestId } = context;
    const functionLimit = handler.spec.timeoutSeconds ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS;
    const taskLimit = context.timeoutSeconds;
    const bound = taskLimit !== undefined && taskLimit <= functionLimit ? 'task' : 'function';
    const limitSeconds = bound === 'task' ? (taskLimit as number) : functionLimit;
    const memory = handler.spec.memoryMB ?? DEFAULT_MEMORY_MB;
    const invocation: Omit<InvocationContext, 'deadlineMs'> = {
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn,
      memoryLimitInMB: memory,
      awsRequestId,
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `2024/01/01/[$LATEST]${awsRequestId.replace(/-/g, '')}`,
    };
    const limitMs = limitSeconds * 1000;
    const shape: CallShape = {
      integration,
      bound,
      limitSeconds,
      runtime: handler.runtime,
      label: handler.label,
    };
    if (this.closed) return taskResult({ kind: 'protocol', message: 'the run ended' }, shape);
    const region = /^arn:[^:]+:lambda:([^:]*):/.exec(invokedFunctionArn)?.[1] || 'us-east-1';
    const env = this.processEnvironment(handler, functionName, region, memory);
    let outcome: CallOutcome;
    if (handler.command) {
      const pending = runCommand(
        { argv: handler.command, cwd: handler.root, env },
        event,
        invocation,
        limitMs,
        this.outputFor(handler),
        this.stopping.signal,
      );
      this.commandsInFlight.add(pending);
      outcome = await pending;
      this.commandsInFlight.delete(pending);
    } else {
      const fn = this.pooled(handler, env, functionName, region);
      outcome = await this.pool.call(fn, event, invocation, limitMs, { run, scope: scopeKey(context) });
    }
    return taskResult(outcome, shape);
  }

  private outputFor(
    handler: PreparedHandler,
  ): ((stream: 'stdout' | 'stderr', text: string) => void) | undefined {
    const onOutput = this.options.onOutput;
    return onOutput
      ? (stream, text) => onOutput({ key: handler.key, handler: handler.spec.text, stream, text })
      : undefined;
  }

  /** Stepthrough's environment, then Lambda's variables, then the function's own. */
  private processEnvironment(
    handler: PreparedHandler,
    functionName: string,
    region: string,
    memory: number,
  ): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.environment)) if (value !== undefined) env[name] = value;
    const runtime =
      handler.spec.runtime ??
      (handler.runtime === 'python' ? 'python3' : handler.runtime === 'node' ? 'nodejs' : undefined);
    Object.assign(env, {
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      LAMBDA_TASK_ROOT: handler.root,
      _HANDLER: handler.spec.text,
      TZ: ':UTC',
      ...(runtime ? { AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}` } : {}),
    });
    for (const [name, value] of Object.entries(handler.spec.environment)) env[name] = value;
    return env;
  }

  private pooled(
    handler: PreparedHandler,
    env: Record<string, string>,
    functionName: string,
    region: string,
  ): PooledFunction {
    const key = JSON.stringify([
      handler.runtime,
      handler.root,
      handler.node ?? handler.python,
      handler.spec.environment,
      functionName,
      region,
    ]);
    let fn = this.functions.get(key);
    if (!fn) {
      const label = `${handler.key}\u0000${handler.spec.text}`;
      if (handler.python) {
        const { interpreter, worker, module, attribute } = handler.python;
        fn = {
          key,
          label,
          launch: { command: interpreter, args: ['-u', worker], cwd: handler.root, env },
          target: { runtime: 'python', module, attribute, root: handler.root },
        };
      } else {
        const node = handler.node as { file: string; exportName: string };
        const [command = process.execPath, ...args] = nodeWorkerCommand();
        fn = {
          key,
          label,
          launch: { command, args, cwd: handler.root, env: { ...env, ...nodeWorkerEnvironment() } },
          target: { runtime: 'node', file: node.file, exportName: node.exportName },
        };
      }
      this.functions.set(key, fn);
    }
    return fn;
  }

  /** Stops every handler process and waits until they are gone; later calls fail the Task. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopping.abort();
    await this.pool.close();
    await Promise.all([...this.commandsInFlight]);
  }
}

/** The call's Map/Parallel scope as comparable steps. */
function scopeKey(context: TaskHandlerContext): string[] {
  return context.scope.map((step) => `${step.state}\u0000${step.kind}\u0000${step.index}`);
}
