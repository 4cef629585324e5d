// The execution role a test file declares for its state machine, read without loading its cases: the
// language server checks an open machine's Tasks against it while the cases may still be half-edited.

import { isJsonObject } from '../json';
import { FileChecker } from './checker';
import { ReferenceReader } from './loader';
import type { RoleSpec, TestFileIO, TestFileProblem } from './model';
import { loadRole } from './roleSpec';

export interface TestFileRole {
  testFile: string;
  /** The state machine file the test file names, resolved. */
  machineFile: string;
  /** Its top-level `role`, when it has one that reads cleanly. */
  role?: RoleSpec;
  /** The role files it names, resolved, whether or not they could be read (to notice when they change). */
  roleFiles: string[];
  /** Why the role (or the file) could not be read. */
  problems: TestFileProblem[];
}

/** Reads `stateMachine` and `role` from a test file; undefined when the file names no state machine. */
export function readTestFileRole(file: string, io: TestFileIO): TestFileRole | undefined {
  let text: string;
  try {
    text = io.readFile(file, 'test');
  } catch {
    return undefined; // gone or unreadable: it declares nothing (the test runner reports such files)
  }
  const problems: TestFileProblem[] = [];
  const { checker, value } = FileChecker.parse(file, text, problems);
  if (!isJsonObject(value) || typeof value.stateMachine !== 'string') return undefined;
  const refs = new ReferenceReader(io, checker);
  const named = typeof value.role === 'string' ? [value.role] : Array.isArray(value.role) ? value.role : [];
  const found: TestFileRole = {
    testFile: file,
    machineFile: refs.resolve(value.stateMachine),
    problems,
    roleFiles: named.flatMap((reference) => (typeof reference === 'string' ? [refs.resolve(reference)] : [])),
  };
  if (value.role !== undefined && problems.length === 0) {
    const role = loadRole(value.role, refs);
    if (role) found.role = role;
  }
  return found;
}
