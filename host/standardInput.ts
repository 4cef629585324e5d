// Reading what a user pipes into a command (`stepthrough test-state -`): the same size limit as a file
// of its kind, so `cat /dev/zero | stepthrough test-state -` is refused instead of filling memory.

import { FileAccessError } from '../core/errors';
import { DEFAULT_LIMITS, formatSize } from './files';

/** The whole of `input` as UTF-8 text, refused (E_FILE_TOO_LARGE) once it passes `maxBytes`. */
export function readStandardInput(
  what: string,
  input: NodeJS.ReadableStream = process.stdin,
  maxBytes: number = DEFAULT_LIMITS.maxBytes,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: unknown): void => {
      input.removeAllListeners('data');
      reject(error);
    };
    input.on('data', (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        if ('destroy' in input && typeof input.destroy === 'function') input.destroy();
        fail(
          new FileAccessError(
            'E_FILE_TOO_LARGE',
            '-',
            what,
            `on stdin is over the ${formatSize(maxBytes)} limit`,
          ),
        );
        return;
      }
      chunks.push(buffer);
    });
    input.on('error', (error) =>
      fail(
        new FileAccessError('E_FILE_READ', '-', what, `on stdin cannot be read: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    input.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
