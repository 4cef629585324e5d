// A folder as an untrusted repository could hold it: test files and launch targets naming a device
// file (/dev/zero), a symlink to it, a FIFO and an oversized sparse file, next to a valid machine, a
// Distributed Map and a role that does not allow the machine's Task. Shared by the tests that open it
// through each surface. Those run the product as it ships (an esbuild bundle, plain node: tsx's
// WebAssembly reserves more address space than the cap) under `ulimit -v`, so a regression that reads
// without limit kills the capped process quickly instead of the machine.

import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export const REPO = join(__dirname, '..', '..');

/** A temporary folder, removed when the test process exits. */
function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `ulimit -v` for processes that meet hostile files: ample for a bundled Node process, far below the machine. */
export const MEMORY_CAP_KIB = 2 * 1024 * 1024;

/** The processes' guard against a hang (a FIFO opened for reading waits for a writer forever). */
export const HANG_GUARD_MS = 120_000;

/** Only on POSIX: FIFOs, /dev/zero and ulimit. */
export const POSIX = process.platform !== 'win32';

export const TEN_MB = 10 * 1024 * 1024;

export const MACHINE = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:charge', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};

const MAP_MACHINE = {
  StartAt: 'Items',
  States: {
    Items: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { Bucket: 'orders', Key: 'items.csv' },
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Item',
        States: { Item: { Type: 'Pass', End: true } },
      },
      End: true,
    },
  },
};

/** A role that allows only s3:GetObject: the machine's lambda:InvokeFunction is not granted. */
const S3_ONLY_ROLE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};

export interface HostileFolder {
  dir: string;
  machine: string;
  mapMachine: string;
  role: string;
  /** A symlink to /dev/zero. */
  zeroLink: string;
  /** A FIFO nobody writes to. */
  fifo: string;
  /** A sparse file one byte over 10 MB. */
  huge: string;
  /** ItemReader data: 3 rows. */
  items: string;
  /** The test file named by the LSP test as the one whose role must be used. */
  roleTestFile: string;
  path(name: string): string;
}

function yaml(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Creates the folder (removed when the test process exits). */
export function hostileFolder(): HostileFolder {
  const dir = scratch('stepthrough-hostile-');
  const path = (name: string): string => join(dir, name);
  const write = (name: string, text: string): string => {
    writeFileSync(path(name), text);
    return path(name);
  };
  const link = (name: string, target: string): string => {
    symlinkSync(target, path(name));
    return path(name);
  };
  const fifo = (name: string): string => {
    const made = spawnSync('mkfifo', [path(name)]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${String(made.stderr)}`);
    return path(name);
  };
  const folder: HostileFolder = {
    dir,
    machine: write('machine.asl.json', JSON.stringify(MACHINE, null, 2)),
    mapMachine: write('map.asl.json', JSON.stringify(MAP_MACHINE, null, 2)),
    role: write('s3-only-role.json', JSON.stringify(S3_ONLY_ROLE)),
    zeroLink: link('zero.json', '/dev/zero'),
    fifo: fifo('pipe.json'),
    huge: write('huge.json', ''),
    items: write('items.csv', 'sku,qty\nbook,1\npen,2\nink,3\n'),
    roleTestFile: '',
    path,
  };
  truncateSync(folder.huge, TEN_MB + 1);
  // Test files: each names a hostile file in one place a test file can.
  const named = (name: string, key: string, value: string): string =>
    write(name, yaml(['stateMachine: machine.asl.json', `${key}: ${value}`, 'cases:', '  - name: one']));
  named('a-device.sfn-test.yaml', 'role', '/dev/zero');
  named('b-link.sfn-test.yaml', 'role', 'zero.json');
  named('c-fifo.sfn-test.yaml', 'role', 'pipe.json');
  named('d-huge.sfn-test.yaml', 'role', 'huge.json');
  link('e-linked.sfn-test.yaml', '/dev/zero');
  write('f-machine.sfn-test.yaml', yaml(['stateMachine: zero.json', 'cases:', '  - name: one']));
  fifo('g-fifo.sfn-test.yaml');
  write(
    'h-references.sfn-test.yaml',
    yaml([
      'stateMachine: machine.asl.json',
      'inputFile: pipe.json',
      'mockConfig: zero.json',
      'fixtures:',
      '  device: /dev/zero',
      'cases:',
      '  - name: fixture',
      '    inputFile: device',
      '  - name: returnFile',
      '    mocks:',
      '      Charge:',
      '        - returnFile: huge.json',
    ]),
  );
  write(
    'i-items.sfn-test.yaml',
    yaml([
      'stateMachine: map.asl.json',
      'itemReader:',
      '  Items:',
      '    file: pipe.json',
      'cases:',
      '  - name: device',
      '    itemReader:',
      '      Items:',
      '        file: zero.json',
    ]),
  );
  folder.roleTestFile = write(
    'z-role.sfn-test.yaml',
    yaml([
      'stateMachine: machine.asl.json',
      'role: s3-only-role.json',
      'cases:',
      '  - name: charges',
      '    mocks:',
      '      Charge:',
      '        - return: {Payload: {ok: true}}',
      '    expect:',
      '      status: FAILED',
      '      error: Lambda.AWSLambdaException',
    ]),
  );
  return folder;
}

/** `node` under `ulimit -v`, as [command, args] for spawn. */
export function cappedNode(nodeArgs: string[]): [string, string[]] {
  return ['/bin/sh', ['-c', `ulimit -v ${MEMORY_CAP_KIB} && exec "$0" "$@"`, process.execPath, ...nodeArgs]];
}

/** The environment of a bundled process: no tsx preloaded, not a child of the test runner. */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  return env;
}

const ENTRIES = { cli: 'cli/main.ts', server: 'server/main.ts', dap: 'debug-adapter/main.ts' } as const;

/** Bundles a front end as scripts/build.mjs does (removed when the test process exits); the script's path. */
export async function bundle(entry: keyof typeof ENTRIES): Promise<string> {
  const out = scratch(`stepthrough-${entry}-`);
  const outfile = join(out, `${entry}.js`);
  await build({
    entryPoints: [join(REPO, ENTRIES[entry])],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    // As scripts/build.mjs: the HCL parser loads its .wasm beside its own code, so it is not bundled.
    external: ['@cdktf/hcl2json'],
    logLevel: 'warning',
  });
  // Beside the bundle as in dist/: the graph's stylesheet.
  mkdirSync(join(out, 'webview'));
  copyFileSync(join(REPO, 'webview', 'graph.css'), join(out, 'webview', 'graph.css'));
  return outfile;
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a bundled front end under the memory cap; resolves when the process has exited (an event, not a timer). */
export function runCapped(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ProcessResult> {
  const [command, commandArgs] = cappedNode([script, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd ?? REPO,
      env: plainEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
