/** The name of the plugin's TypeORM DataSource inside the host's Nest container. */
export const REGULARS_CONNECTION = 'regulars';

/** The validated options (a RegularsConfig). */
export const REGULARS_CONFIG = Symbol('REGULARS_CONFIG');

/** The embedded database file when no DATABASE_URL is given. */
export const DEFAULT_SQLITE_PATH = './var/regulars.sqlite';

/** Contract section 5: a signed request older (or newer) than this is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const CONTRACT_VERSION = 1;
