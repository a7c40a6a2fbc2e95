export * from './checks';
export * from './message';
export * from './settings';
export { AccountIdSchema, RegionSchema } from './validation';
