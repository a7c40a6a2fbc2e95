export * from './checks';
export * from './message';
export * from './settings';
export * from './regions';
