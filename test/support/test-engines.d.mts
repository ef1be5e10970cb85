export declare const KNOWN_ENGINES: readonly ['sqlite', 'mariadb'];
/** The engines a REGULARS_TEST_ENGINES value names; throws on a name it does not know. */
export declare function namedEngines(value: string): Array<(typeof KNOWN_ENGINES)[number]>;
