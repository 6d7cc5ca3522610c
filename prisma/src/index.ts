export { type Database, type DatabaseOptions, openDatabase } from './database';
export { Prisma, PrismaClient } from './generated/client';
export type * from './generated/client';
export { DEMO_REGION, type DemoOrganization, demoExperts, demoOrganizations } from './demo-data';
export { migrate, MigrationError, MIGRATIONS_DIR, readMigrations, type Migration } from './migrate';
export { type DatabaseKind, inTransaction, type SqlDriver, type SqlQuery, type SqlSession } from './sql-driver';
export { runTyped, typedSql, type TypedTables } from './typed-sql';
