// The host layer: what Stepthrough does on the user's machine outside the engine. Core never touches
// the machine; the front ends (cli/, server/, debug-adapter/, client/) receive a host implementation
// and hand core what it needs through core's small injected interfaces (TestFileIO, task handlers).
// Today the host reads and writes files (FileAccess, bounded and trust-aware); running a team's own
// code (Node, Python, command handlers) joins it here as further interfaces with one implementation.

export {
  DEFAULT_LIMITS,
  ITEM_READER_LIMIT_ENV,
  KIND_NAMES,
  formatSize,
  limitFor,
  parseSize,
  type DirectoryEntry,
  type EntryType,
  type FileAccess,
  type FileKind,
  type FileLimits,
  type FileStat,
  type ReadRequest,
} from './files';
export { NodeFileAccess, nodeFileAccess, type NodeFileAccessOptions } from './nodeFiles';
export { parseDataText, readDataFile } from './dataFiles';
export { discoveryIO, testFileIO } from './testFiles';
export { templateFileSystem } from './templateFiles';
export { readStandardInput } from './standardInput';
export { realTimeWaiter } from './realTime';
export { FileAccessError, type FileAccessErrorCode } from '../core/errors';
