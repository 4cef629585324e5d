// Generates core/teststate/resultShapes.json: the response shapes of the AWS operations whose mocked
// results TestState validates (fieldValidationMode STRICT / PRESENT), taken from botocore's service
// models. Run by hand when the list changes:
//   node scripts/generate-mock-result-shapes.mjs <botocore data folder>
// e.g. $(python3 -c 'import botocore, os; print(os.path.dirname(botocore.__file__))')/data
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

// Step Functions' service names (aws-sdk:<name>:<action>) -> botocore's folder names.
const SERVICES = {
  lambda: 'lambda',
  sqs: 'sqs',
  sns: 'sns',
  eventbridge: 'events',
  dynamodb: 'dynamodb',
  sfn: 'stepfunctions',
  s3: 's3',
  kms: 'kms',
  secretsmanager: 'secretsmanager',
};

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: node scripts/generate-mock-result-shapes.mjs <botocore data folder>');
  process.exit(2);
}

function loadModel(folder) {
  const versions = readdirSync(join(dataDir, folder)).sort();
  const dir = join(dataDir, folder, versions[versions.length - 1]);
  const files = readdirSync(dir);
  if (files.includes('service-2.json')) return JSON.parse(readFileSync(join(dir, 'service-2.json'), 'utf8'));
  return JSON.parse(gunzipSync(readFileSync(join(dir, 'service-2.json.gz'))).toString('utf8'));
}

/** Step Functions reports aws-sdk results with PascalCase member names. */
const sfnCase = (name) => name.charAt(0).toUpperCase() + name.slice(1);

function compact(model, name, out) {
  if (name in out) return;
  const shape = model.shapes[name];
  out[name] = null; // recursion guard
  const limits = {};
  if (typeof shape.min === 'number') limits.min = shape.min;
  if (typeof shape.max === 'number') limits.max = shape.max;
  switch (shape.type) {
    case 'structure': {
      const members = {};
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        members[sfnCase(member)] = ref.shape;
        compact(model, ref.shape, out);
      }
      const entry = { t: 'o', m: members };
      if (shape.required?.length) entry.r = shape.required.map(sfnCase);
      out[name] = entry;
      return;
    }
    case 'list':
      compact(model, shape.member.shape, out);
      out[name] = { t: 'l', m: shape.member.shape, ...limits };
      return;
    case 'map':
      compact(model, shape.value.shape, out);
      out[name] = { t: 'm', v: shape.value.shape };
      return;
    case 'string':
      out[name] = { t: 's', ...(shape.enum ? { e: shape.enum } : {}), ...limits };
      return;
    case 'blob':
      out[name] = { t: 'b', ...limits };
      return;
    case 'integer':
    case 'long':
      out[name] = { t: 'i', ...limits };
      return;
    case 'float':
    case 'double':
      out[name] = { t: 'f', ...limits };
      return;
    case 'boolean':
      out[name] = { t: 'z' };
      return;
    case 'timestamp':
      out[name] = { t: 't' };
      return;
    default:
      out[name] = { t: 'd' }; // document / anything: any JSON value
  }
}

const services = {};
for (const [sfnName, folder] of Object.entries(SERVICES)) {
  const model = loadModel(folder);
  const ops = {};
  const shapes = {};
  for (const [op, def] of Object.entries(model.operations)) {
    if (!def.output) continue;
    ops[op] = def.output.shape;
    compact(model, def.output.shape, shapes);
  }
  services[sfnName] = { version: model.metadata.apiVersion, ops, shapes };
}
const text = `${JSON.stringify({ generatedBy: 'scripts/generate-mock-result-shapes.mjs', services })}\n`;
writeFileSync('core/teststate/resultShapes.json', text);
console.log(`core/teststate/resultShapes.json: ${(text.length / 1024).toFixed(0)} KiB`);
