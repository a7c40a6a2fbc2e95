/** The logger methods the runtime uses, each taking a message and structured fields; Powertools' Logger fits. */
export interface RuntimeLogger {
  debug(message: string, extra: Record<string, unknown>): void;
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}
