export * from './cloudtrail';
export { EVENT_RULES, findEventRule, type EventRule, type EventTarget } from './table';
export * from './translate';
export * from './pattern';
