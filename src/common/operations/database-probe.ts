/**
 * What readiness asks of the database. The assembly answers it (src/database-probe.ts):
 * it alone knows the plugin's migrations and where they are recorded.
 */
export abstract class DatabaseProbe {
  /** Resolves once the database has answered a trivial statement. */
  abstract ping(): Promise<void>;
  /** The plugin's migrations not yet recorded as applied, by name. */
  abstract pendingMigrations(): Promise<string[]>;
}
