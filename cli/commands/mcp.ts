// `stepthrough mcp`: the Model Context Protocol server over stdio, for AI assistants (see mcp/).

import type { CommandContext } from '../context';

export const MCP_USAGE = `Usage: stepthrough mcp

A Model Context Protocol server on stdin/stdout, for AI assistants (Claude Desktop, VS Code, ...).
Tools: validate, run, test, test_state, check_role, graph. Relative paths in tool arguments resolve
against the working directory the client starts it in. Runs until the client closes stdin.
`;

export async function mcpCommand(_ctx: CommandContext): Promise<number> {
  // Loaded on demand: the MCP SDK is not part of other commands' start-up.
  const { serveMcpOverStdio } = await import('../../mcp/stdio.js');
  await serveMcpOverStdio();
  return 0;
}
