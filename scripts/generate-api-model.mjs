// Generates api/serviceModel.json: the AWS Step Functions API as botocore's service model describes it
// (every operation's name; each operation's input and output shapes with their members, required
// members, types, enums, length and value bounds and patterns; its declared errors), compacted. The
// API server (`stepthrough api`) validates requests against it and its tests check responses against it.
// Run by hand when botocore's model changes:
//   node scripts/generate-api-model.mjs [botocore data folder] [botocore version]
// default: the botocore that `python3` imports.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The data folder and version of the botocore that `python3` imports. */
export function botocore() {
  const [dir, version] = execFileSync(
    'python3',
    ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)'],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n');
  return { dataDir: join(dir, 'data'), version };
}

export function loadStepFunctionsModel(dataDir) {
  const versions = readdirSync(join(dataDir, 'stepfunctions')).sort();
  const dir = join(dataDir, 'stepfunctions', versions[versions.length - 1]);
  const files = readdirSync(dir);
  if (files.includes('service-2.json')) return JSON.parse(readFileSync(join(dir, 'service-2.json'), 'utf8'));
  return JSON.parse(gunzipSync(readFileSync(join(dir, 'service-2.json.gz'))).toString('utf8'));
}

const TYPES = {
  structure: 'o',
  list: 'l',
  map: 'm',
  string: 's',
  blob: 'b',
  integer: 'i',
  long: 'i',
  float: 'f',
  double: 'f',
  boolean: 'z',
  timestamp: 't',
};

function compact(model, name, out) {
  if (name in out) return;
  const shape = model.shapes[name];
  out[name] = null; // recursion guard
  const entry = { t: TYPES[shape.type] ?? 'd' };
  if (typeof shape.min === 'number') entry.min = shape.min;
  if (typeof shape.max === 'number') entry.max = shape.max;
  if (shape.enum) entry.e = shape.enum;
  if (shape.pattern) entry.p = shape.pattern;
  if (shape.sensitive) entry.x = 1; // sensitive: AWS leaves its value out of validation messages
  if (shape.type === 'structure') {
    entry.m = {};
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      entry.m[member] = ref.shape;
      compact(model, ref.shape, out);
    }
    if (shape.required?.length) entry.r = shape.required;
  } else if (shape.type === 'list') {
    entry.m = shape.member.shape;
    compact(model, shape.member.shape, out);
  } else if (shape.type === 'map') {
    entry.k = shape.key.shape;
    entry.v = shape.value.shape;
    compact(model, shape.key.shape, out);
    compact(model, shape.value.shape, out);
  }
  out[name] = entry;
}

export function buildApiModel(model, botocoreVersion) {
  const operations = {};
  const shapes = {};
  for (const [op, def] of Object.entries(model.operations)) {
    operations[op] = {
      input: def.input?.shape ?? null,
      output: def.output?.shape ?? null,
      errors: (def.errors ?? []).map((e) => e.shape),
    };
    if (def.input) compact(model, def.input.shape, shapes);
    if (def.output) compact(model, def.output.shape, shapes);
  }
  return {
    generatedBy: 'scripts/generate-api-model.mjs',
    botocoreVersion,
    apiVersion: model.metadata.apiVersion,
    targetPrefix: model.metadata.targetPrefix,
    operations,
    shapes,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = process.argv[2]
    ? { dataDir: process.argv[2], version: process.argv[3] ?? 'unknown' }
    : botocore();
  const text = `${JSON.stringify(buildApiModel(loadStepFunctionsModel(found.dataDir), found.version))}\n`;
  writeFileSync('api/serviceModel.json', text);
  console.log(`api/serviceModel.json: ${(text.length / 1024).toFixed(0)} KiB`);
}
