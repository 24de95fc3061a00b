// FitMate's schema for drizzle-kit and the platform: every feature's tables.
export * from './users/tables';
export * from './notifications/tables';
export * from './sms/tables';
export * from './exercises/tables';
export * from './workouts/tables';
export * from './body/tables';
export * from './trainers/tables';
export * from './goals/tables';
export * from './recommendations/tables';
export * from './chat/tables';
