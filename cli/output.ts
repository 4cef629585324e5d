// The CLI's standard output and error. A reader that goes away early (`stepthrough run | head -1`)
// ends that stream's output quietly: no EPIPE stack, nothing more written to it, and the command
// still exits with its own code. Any other write failure is said once on stderr.

/** A line writer for `stream`: appends the newline, stops quietly once the reader is gone. */
export function lineWriter(stream: NodeJS.WriteStream, name: 'stdout' | 'stderr'): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code === 'EPIPE') return;
    // Not a vanished reader (a full disk, a closed descriptor): say so where it can still be read.
    if (name === 'stdout')
      process.stderr.write(`stepthrough: cannot write to standard output: ${error.message}\n`);
    process.exitCode = 2;
  });
  return (text) => {
    if (closed || stream.destroyed) return;
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  };
}
