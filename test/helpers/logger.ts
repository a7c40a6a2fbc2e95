/** A logger that keeps what it is told, in the shape of Powertools' Logger methods the code uses. */
export class MemoryLogger {
  readonly entries: {
    level: 'info' | 'warn' | 'error' | 'debug';
    message: string;
    extra: Record<string, unknown>;
  }[] = [];
  info(message: string, extra: Record<string, unknown> = {}) {
    this.entries.push({ level: 'info', message, extra });
  }
  warn(message: string, extra: Record<string, unknown> = {}) {
    this.entries.push({ level: 'warn', message, extra });
  }
  error(message: string, extra: Record<string, unknown> = {}) {
    this.entries.push({ level: 'error', message, extra });
  }
  debug(message: string, extra: Record<string, unknown> = {}) {
    this.entries.push({ level: 'debug', message, extra });
  }
  of(level: 'info' | 'warn' | 'error' | 'debug') {
    return this.entries.filter((e) => e.level === level);
  }
}
