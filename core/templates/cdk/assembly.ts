// A CDK cloud assembly (`cdk.out`): manifest.json lists the stacks and their synthesized templates;
// each template is read as CloudFormation with format `cdk`, the stack's name in the stand-ins, and
// each machine also reachable by its construct path (`MyStack/OrderFlow`) from the manifest's metadata.

import { isJsonObject, type JsonValue } from '../../json';
import { astToValue } from '../../parse';
import { TemplateCode } from '../codes';
import { loadCloudFormationMachines } from '../cloudformation/machines';
import { type TemplateIO, isSourceFile } from '../io';
import { basenamePath, dirnamePath, joinPath } from '../paths';
import { type SourceFile, fileDiagnostic } from '../sourceFile';
import type { DeploymentContext, LoadResult } from '../types';

export function isCdkManifest(file: SourceFile): boolean {
  if (basenamePath(file.path) !== 'manifest.json' || file.ast?.kind !== 'object') return false;
  return file.ast.properties.some((p) => p.key === 'artifacts' && p.value?.kind === 'object');
}

export async function loadCdkAssembly(
  io: TemplateIO,
  manifest: SourceFile,
  context: DeploymentContext,
): Promise<LoadResult> {
  const result: LoadResult = { machines: [], diagnostics: [] };
  const value: JsonValue = manifest.ast ? astToValue(manifest.ast) : null;
  const artifacts = isJsonObject(value) && isJsonObject(value.artifacts) ? value.artifacts : {};
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isJsonObject(artifact) || artifact.type !== 'aws:cloudformation:stack') continue;
    const properties = isJsonObject(artifact.properties) ? artifact.properties : {};
    const templateFile = typeof properties.templateFile === 'string' ? properties.templateFile : undefined;
    if (!templateFile) continue;
    const path = joinPath(dirnamePath(manifest.path), templateFile);
    const source = await io.readSource(path);
    if (!isSourceFile(source)) {
      const at = manifest.text.indexOf(JSON.stringify(templateFile));
      result.diagnostics.push(
        fileDiagnostic(
          manifest,
          TemplateCode.missingFile,
          'error',
          `Stack ${artifactId}'s template '${templateFile}' cannot be read: ${source.ok ? '' : source.message}`,
          {
            start: Math.max(0, at),
            end: Math.max(0, at) + templateFile.length + 2,
          },
        ),
      );
      continue;
    }
    result.diagnostics.push(...source.diagnostics);
    const stackName = typeof properties.stackName === 'string' ? properties.stackName : artifactId;
    const machines = await loadCloudFormationMachines(source, { io, context, format: 'cdk', stackName });
    // Construct paths from the manifest's metadata: '/Stack/OrderFlow/Resource' → logical ID.
    const metadata = isJsonObject(artifact.metadata) ? artifact.metadata : {};
    for (const [constructPath, entries] of Object.entries(metadata)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        if (!isJsonObject(entry) || entry.type !== 'aws:cdk:logicalId' || typeof entry.data !== 'string')
          continue;
        const machine = machines.find((m) => m.id === entry.data);
        const alias = constructPath.replace(/^\//, '').replace(/\/Resource$/, '');
        if (machine && !machine.aliases.includes(alias)) machine.aliases.push(alias);
      }
    }
    result.machines.push(...machines);
  }
  return result;
}
