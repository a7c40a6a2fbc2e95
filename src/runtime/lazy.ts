/** A value made on first use (and only once), e.g. an SDK client whose module is loaded lazily. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

/** A dependency given as is, or as a function that makes it on first use. */
export type Lazy<T> = T | (() => Promise<T>);

/** The dependency itself, made if it was given as a function. */
export async function resolveLazy<T extends object>(value: Lazy<T>): Promise<T> {
  return typeof value === 'function' ? (value as () => Promise<T>)() : value;
}
