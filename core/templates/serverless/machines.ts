import type { TemplateIO } from '../io';
import type { SourceFile } from '../sourceFile';
import type { DeploymentContext, LoadResult } from '../types';
export function isServerlessConfig(_file: SourceFile): boolean {
  return false;
}
export async function loadServerlessMachines(_io: TemplateIO, _file: SourceFile, _context: DeploymentContext): Promise<LoadResult> {
  return { machines: [], diagnostics: [] };
}
