export * from './common.js';
export * from './auth.js';
export * from './accounts.js';
export * from './users.js';
export * from './integrations.js';
export * from './audit.js';
export * from './realtime.js';
export * from './health.js';
