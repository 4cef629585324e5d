import type { TemplateIO } from '../io';
import type { DeploymentContext, LoadResult } from '../types';
export async function loadTerraformMachines(_io: TemplateIO, _dirs: string[], _context: DeploymentContext): Promise<LoadResult> {
  return { machines: [], diagnostics: [] };
}
